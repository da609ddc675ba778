package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 11 logs: every line logged while a request is handled carries its correlation id, realm
 * and client (the MDC, {@link RequestLog}), and a keep-alive connection's next request (same
 * virtual thread) inherits none of them. The access lines ({@code log.access}, on in the tests'
 * logback-test.xml) are lines of the request too.
 */
class RequestLogTest {
  private TestNode node;
  private LogCapture log;

  @BeforeEach
  void start() {
    node = DialectFixture.start();
    log = new LogCapture();
  }

  @AfterEach
  void stop() {
    log.close();
    node.close();
  }

  /** The access line of the request with this correlation id (written just after the response). */
  private ILoggingEvent access(String cid) throws InterruptedException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < end) {
      Optional<ILoggingEvent> e = log.of(Logs.ACCESS).stream()
          .filter(x -> cid.equals(x.getMDCPropertyMap().get("cid"))).findFirst();
      if (e.isPresent()) {
        return e.get();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no access line for " + cid + " in " + log.text);
  }

  private HttpResponse<String> post(String path, String cid, String authorization, String form) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path)).header("x-correlation-id", cid)
        .header("Content-Type", TestNode.FORM).POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return node.send(b.build());
  }

  @Test
  void tokenRequest_accessLine_carriesCorrelationRealmAndBasicClient() throws Exception {
    assertThat(post("/realms/shop/oauth2/token", "cc-1", basic("app", "app-secret"),
        form("grant_type", "client_credentials")).statusCode()).isEqualTo(200);
    ILoggingEvent e = access("cc-1");
    assertThat(e.getMDCPropertyMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("cid", "cc-1", "realm", "shop", "client", "app"));
    assertThat(e.getFormattedMessage()).matches("POST oauth2 token 200 [0-9.]+ ms");
  }

  @Test
  void clientIdInTheForm_isTheClient() throws Exception {
    post("/realms/shop/oauth2/token", "pub-1", null, form("grant_type", "password", "client_id", "other",
        "username", "alice", "password", "alice-pass"));
    assertThat(access("pub-1").getMDCPropertyMap()).containsEntry("client", "other").containsEntry("realm", "shop");
  }

  @Test
  void serverError_errorLineAndAccessLine_carryTheRequestsFields() throws Exception {
    try (Connection c = node.server.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE app_user CASCADE");
    }
    HttpResponse<String> r = post("/realms/shop/oauth2/token", "boom-2", basic("app", "app-secret"),
        form("grant_type", "password", "username", "alice", "password", "alice-pass"));
    assertThat(r.statusCode()).isEqualTo(500);
    access("boom-2");
    List<ILoggingEvent> lines = log.events.stream().filter(e -> "boom-2".equals(e.getMDCPropertyMap().get("cid")))
        .toList();
    assertThat(lines).extracting(ILoggingEvent::getLoggerName).contains(WireHandler.class.getName(), Logs.ACCESS);
    assertThat(lines).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
        .containsEntry("realm", "shop").containsEntry("client", "app"));
  }

  @Test
  void dialectRequests_realmOfTheMountOrTheTenantHeader_clientOfBasicOrTheMount() throws Exception {
    node.send(DialectFixture.request(node, "/auth/login").header("Content-Type", JSON_TYPE)
        .header("Authorization", basic("app", "app-secret")).header("x-correlation-id", "c1-1")
        .POST(body("{\"username\":\"alice\",\"password\":\"alice-pass\"}")).build());
    assertThat(access("c1-1").getMDCPropertyMap()).containsEntry("realm", "shop").containsEntry("client", "app");
    assertThat(access("c1-1").getFormattedMessage()).startsWith("POST c1 /auth/login 200 ");

    // AGS acts as its mount's client; a tenant header names another realm, whose client the log does not guess
    node.send(DialectFixture.request(node, "/ags/servicediscovery").header("x-correlation-id", "ags-1").GET().build());
    assertThat(access("ags-1").getMDCPropertyMap()).containsEntry("realm", "shop").containsEntry("client", "app");
    node.send(DialectFixture.request(node, "/ags/servicediscovery").header("x-correlation-id", "ags-2")
        .header(DialectFixture.AGS_TENANT, "brief").GET().build());
    assertThat(access("ags-2").getMDCPropertyMap()).containsEntry("realm", "brief").doesNotContainKey("client");
  }

  @Test
  void nextRequestOnTheSameConnection_inheritsNoRealmOrClient() throws Exception {
    post("/realms/shop/oauth2/token", "first", basic("app", "app-secret"), form("grant_type", "client_credentials"));
    node.send(HttpRequest.newBuilder(URI.create(node.base() + "/health/live")).header("x-correlation-id", "second")
        .GET().build());
    access("first");
    assertThat(access("second").getMDCPropertyMap()).containsExactlyEntriesOf(Map.of("cid", "second"));
  }

  @Test
  void malformedNames_neverReachTheLog() throws Exception {
    node.send(HttpRequest.newBuilder(URI.create(node.base() + "/realms/a%0Db%0Ac/oauth2/token"))
        .header("x-correlation-id", "bad-1").header("Authorization", basic("x\u0007y", "s"))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    assertThat(access("bad-1").getMDCPropertyMap()).containsExactlyEntriesOf(Map.of("cid", "bad-1"));
  }
}
