package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An infrastructure failure inside a request: a generic 500 body, the cause logged with the correlation id. */
class ServerErrorTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void storeFailure_isGenericServerErrorLoggedWithCorrelationId() throws Exception {
    try (Connection c = node.server.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE app_user CASCADE");
    }
    Logger log = (Logger) LoggerFactory.getLogger(WireHandler.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    log.addAppender(events);
    try {
      HttpResponse<String> r = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/realms/acme/oauth2/token"))
          .header("Content-Type", TestNode.FORM).header("Authorization", TestNode.basic("app", "app-secret"))
          .header("x-correlation-id", "boom-1")
          .POST(HttpRequest.BodyPublishers.ofString(form("grant_type", "password", "username", "alice",
              "password", "alice-pass"))).build());
      assertError(r, 500, "server_error", "an unexpected error occurred (correlation id boom-1)");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("app_user").doesNotContain("alice-pass");
      assertThat(r.headers().firstValue("x-correlation-id")).contains("boom-1");
      assertThat(events.list).hasSize(1);
      ILoggingEvent e = events.list.get(0);
      assertThat(e.getMDCPropertyMap()).containsEntry("cid", "boom-1");
      assertThat(e.getThrowableProxy()).isNotNull();
      assertThat(e.getFormattedMessage()).doesNotContain("alice-pass").doesNotContain("app-secret");
    } finally {
      log.detachAppender(events);
    }
    assertThat(node.clientToken("acme").get("access_token").asText()).isNotEmpty();
  }
}
