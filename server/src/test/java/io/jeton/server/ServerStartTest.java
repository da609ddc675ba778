package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.crypto.MasterKey;
import io.jeton.core.user.PasswordHasher;
import io.jeton.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerStartTest {
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
  void start_returned_firstClientCredentialsTokenWorks() {
    assertThat(node.clientToken("acme").get("access_token").asText()).isNotEmpty();
  }

  @Test
  void start_portZero_publicUrlUsesBoundPort() {
    assertThat(node.server.port()).isPositive();
    assertThat(node.server.publicUrl()).isEqualTo("http://localhost:" + node.server.port());
  }

  @Test
  void health_live_isUp() {
    HttpResponse<String> r = node.get("/health/live");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void health_ready_isUpWithDatabase() {
    HttpResponse<String> r = node.get("/health/ready");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void correlationId_supplied_isEchoed() {
    HttpResponse<String> r = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/health/live"))
        .header("x-correlation-id", "abc-123").build());
    assertThat(r.headers().firstValue("x-correlation-id")).contains("abc-123");
  }

  @Test
  void correlationId_requestIdOrTraceparent_isUsed() {
    HttpResponse<String> a = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/health/live"))
        .header("X-Request-Id", "req-9").build());
    assertThat(a.headers().firstValue("x-correlation-id")).contains("req-9");
    HttpResponse<String> b = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/health/live"))
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build());
    assertThat(b.headers().firstValue("x-correlation-id")).contains("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void correlationId_absent_isGenerated() {
    HttpResponse<String> r = node.post("acme", "token", "app", "app-secret", form("grant_type", "nope"));
    assertThat(r.headers().firstValue("x-correlation-id").orElseThrow()).matches("[0-9a-f]{32}");
  }

  @Test
  void metrics_afterRequests_countsThemPerRouteAndStatus() {
    node.clientToken("acme");
    node.post("acme", "token", "app", "wrong", form("grant_type", "client_credentials"));
    HttpResponse<String> r = node.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(r.body())
        .containsPattern("jeton_http_requests_seconds_count\\{dialect=\"oauth2\",endpoint=\"token\",status=\"200\"} [1-9]")
        .containsPattern("jeton_http_requests_seconds_count\\{dialect=\"oauth2\",endpoint=\"token\",status=\"401\"} [1-9]")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void unknownPath_isJson404() {
    assertError(node.get("/nowhere"), 404, "not_found", "there is no endpoint at this path");
  }

  @Test
  void start_withoutMasterKeyOutsideDemo_failsWithClearMessage(@TempDir Path dir) {
    ServerConfig config = new ServerConfig("127.0.0.1", 0, "", dir, "", "", "", 2, Optional.empty(),
        Optional.empty(), false, 4096, new PasswordHasher.Params(1024, 1, 1), 1, Duration.ofMillis(250), List.of());
    assertThatThrownBy(() -> JetonServer.start(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JETON_MASTER_KEY");
  }

  @Test
  void start_demoWithoutKey_generatesKeyFileAndReusesIt(@TempDir Path dir) throws Exception {
    ServerConfig config = new ServerConfig("127.0.0.1", 0, "", dir, "", "", "", 2, Optional.empty(),
        Optional.empty(), true, 4096, new PasswordHasher.Params(1024, 1, 1), 1, Duration.ofMillis(250), List.of());
    try (JetonServer s = JetonServer.start(config)) {
      assertThat(s.port()).isPositive();
      s.close();
    }
    String key = Files.readString(dir.resolve("master.key")).trim();
    assertThat(MasterKey.fromBase64(key).toBase64()).isEqualTo(key);
    try (JetonServer s = JetonServer.start(config)) {
      assertThat(Files.readString(dir.resolve("master.key")).trim()).isEqualTo(key);
    }
  }
}
