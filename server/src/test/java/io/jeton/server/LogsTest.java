package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The JSON line format of {@code log.format json}: one object per line, the request's MDC as fields. */
class LogsTest {
  @Test
  void jsonEncoder_eventWithRequestMdc_oneParsableLineWithTheFields() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger logger = context.getLogger("io.jeton.test");
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "line one\nline two {}",
        new IllegalStateException("boom"), new Object[] {"x\"y"});
    e.setMDCPropertyMap(Map.of("cid", "c-42", "realm", "acme", "client", "app"));
    String line = new String(Logs.jsonEncoder(context).encode(e), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
    JsonNode j = new ObjectMapper().readTree(line);
    assertThat(j.get("@timestamp").textValue()).isNotEmpty();
    assertThat(j.get("level").textValue()).isEqualTo("WARN");
    assertThat(j.get("logger_name").textValue()).isEqualTo("io.jeton.test");
    assertThat(j.get("message").textValue()).isEqualTo("line one\nline two x\"y");
    assertThat(j.get("correlation_id").textValue()).isEqualTo("c-42");
    assertThat(j.get("realm").textValue()).isEqualTo("acme");
    assertThat(j.get("client").textValue()).isEqualTo("app");
    assertThat(j.get("stack_trace").textValue()).startsWith("java.lang.IllegalStateException: boom");
    assertThat(j.has("cid")).as("renamed").isFalse();
  }
}
