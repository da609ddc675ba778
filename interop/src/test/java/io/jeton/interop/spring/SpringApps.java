package io.jeton.interop.spring;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a test app in this JVM, as {@code SpringApplication.run} would, on a free loopback port. */
public final class SpringApps {
  private SpringApps() {}

  /** The app with these properties (the recipe's, as in application.properties), port and logging aside. */
  public static ConfigurableApplicationContext start(Class<?> app, Map<String, Object> properties) {
    // Jeton's node runs in the same JVM on logback: Spring Boot must not reconfigure it.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    Map<String, Object> all = new HashMap<>(properties);
    all.put("server.port", "0");
    all.put("server.address", "127.0.0.1");
    all.put("spring.main.banner-mode", "off");
    return new SpringApplicationBuilder(app).properties(all).run();
  }

  /** The app's base URL. */
  public static String base(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }
}
