package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 11 metrics, scraped from {@code /metrics} after real requests and read by a Prometheus
 * text-format parser ({@link Scrape}): requests per endpoint, dialect and status as histograms,
 * tokens by grant, refreshes, reuse detections, revocations, login failures, lockouts, the hashing
 * pool, HikariCP's pool, the JVM. Each test has a node of its own, so every count is exact.
 */
class MetricsHttpTest {
  private TestNode node;

  @BeforeEach
  void start() {
    node = DialectFixture.start();
    // the registry is built in the background at start; a scrape waits for it, so that the
    // requests below are all counted
    assertThat(node.get("/metrics").statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Scrape scrape() {
    HttpResponse<String> r = node.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    return Scrape.parse(r.body());
  }

  private HttpResponse<String> token(String... form) {
    return node.post("shop", "token", "app", "app-secret", form(form));
  }

  @Test
  void metrics_afterEveryKindOfRequest_countEachExactly() {
    assertThat(token("grant_type", "client_credentials").statusCode()).isEqualTo(200);
    assertThat(token("grant_type", "client_credentials").statusCode()).isEqualTo(200);
    JsonNode login = TestNode.json(token("grant_type", "password", "username", "alice", "password", "alice-pass"));
    String first = login.get("refresh_token").textValue();
    HttpResponse<String> refreshed = token("grant_type", "refresh_token", "refresh_token", first);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    // realm shop refreshes strictly: the used token again is reuse, and revokes the session
    assertThat(token("grant_type", "refresh_token", "refresh_token", first).statusCode()).isEqualTo(400);
    // revoke a client_credentials access token (RFC 7009)
    String access = TestNode.json(token("grant_type", "client_credentials")).get("access_token").textValue();
    assertThat(node.post("shop", "revoke", "app", "app-secret", form("token", access)).statusCode()).isEqualTo(200);
    // five wrong passwords for carol: five failures, then the lock (realm shop: the default lockout)
    for (int i = 0; i < 5; i++) {
      assertThat(token("grant_type", "password", "username", "carol", "password", "wrong-" + i).statusCode())
          .isEqualTo(400);
    }
    assertThat(node.post("shop", "token", "app", "not-the-secret", form("grant_type", "client_credentials"))
        .statusCode()).isEqualTo(401);
    // one request through a seed dialect
    HttpResponse<String> c1 = DialectFixture.send(node, DialectFixture.request(node, "/auth/login")
        .header("Content-Type", JSON_TYPE).header("Authorization", basic("app", "app-secret"))
        .POST(body("{\"username\":\"alice\",\"password\":\"alice-pass\"}")));
    assertThat(c1.statusCode()).as(c1.body()).isEqualTo(200);

    Scrape s = scrape();
    assertThat(s.counter("jeton_tokens_issued_total", "grant", "client_credentials")).isEqualTo(3);
    assertThat(s.counter("jeton_tokens_issued_total", "grant", "password")).as("OAuth 2 and C1 logins").isEqualTo(2);
    assertThat(s.counter("jeton_tokens_issued_total", "grant", "refresh_token")).isEqualTo(1);
    assertThat(s.counter("jeton_tokens_issued_total", "grant", "authorization_code")).isZero();
    assertThat(s.counter("jeton_logins_total")).isEqualTo(2);
    assertThat(s.counter("jeton_refreshes_total")).isEqualTo(1);
    assertThat(s.counter("jeton_refresh_reuse_detections_total")).isEqualTo(1);
    assertThat(s.counter("jeton_refresh_replays_total")).isZero();
    assertThat(s.counter("jeton_revocations_total")).isEqualTo(1);
    assertThat(s.counter("jeton_login_failures_total")).isEqualTo(5);
    assertThat(s.counter("jeton_lockouts_total")).isEqualTo(1);
    assertThat(s.counter("jeton_client_auth_failures_total")).isEqualTo(1);
    assertThat(s.counter("jeton_password_verifications_total")).isEqualTo(7);
    assertThat(s.counter("jeton_password_hash_overloaded_total")).isZero();
    assertThat(s.gauge("jeton_password_hash_queue")).isZero();
    assertThat(s.gauge("jeton_password_hash_threads")).isEqualTo(2);

    // requests: a histogram per endpoint, dialect and status, with fixed buckets
    Histogram ok = s.histogram("jeton_http_requests_seconds", "dialect", "oauth2", "endpoint", "token", "status",
        "200");
    assertThat(ok.getSampleCount()).isEqualTo(5);
    assertThat(ok.getBuckets()).hasSize(Metrics.BUCKETS.length + 1);
    Histogram.Bucket all = ok.getBuckets().stream().max(Comparator.comparingDouble(Histogram.Bucket::getUpperBound))
        .orElseThrow();
    assertThat(all.getUpperBound()).isInfinite();
    assertThat(all.getCumulativeCount()).isEqualTo(5);
    assertThat(ok.getSampleSum()).isPositive();
    assertThat(s.histogram("jeton_http_requests_seconds", "dialect", "oauth2", "endpoint", "token", "status", "400")
        .getSampleCount()).isEqualTo(6);
    assertThat(s.histogram("jeton_http_requests_seconds", "dialect", "oauth2", "endpoint", "token", "status", "401")
        .getSampleCount()).isEqualTo(1);
    assertThat(s.histogram("jeton_http_requests_seconds", "dialect", "oauth2", "endpoint", "revoke", "status", "200")
        .getSampleCount()).isEqualTo(1);
    assertThat(s.histogram("jeton_http_requests_seconds", "dialect", "c1", "endpoint", "/auth/login", "status",
        "200").getSampleCount()).isEqualTo(1);
    assertThat(s.histogram("jeton_http_requests_seconds", "dialect", "jeton", "endpoint", "metrics", "status", "200")
        .getSampleCount()).isEqualTo(1);
    // labels come from the route table only: no realm, client or path of a request among them
    assertThat(s.family("jeton_http_requests_seconds", MetricType.HISTOGRAM).getMetrics())
        .allSatisfy(m -> assertThat(m.getLabels().keySet()).containsExactlyInAnyOrder("dialect", "endpoint", "status"));

    // HikariCP's own binder, and the JVM's
    assertThat(s.gauge("hikaricp_connections_max", "pool", "jeton-h2")).isEqualTo(4);
    assertThat(s.gauge("hikaricp_connections_active", "pool", "jeton-h2")).isBetween(0.0, 4.0);
    assertThat(s.family("hikaricp_connections_acquire_seconds", MetricType.SUMMARY).getMetrics()).isNotEmpty();
    assertThat(s.family("jvm_memory_used_bytes", MetricType.GAUGE).getMetrics()).isNotEmpty();
    assertThat(s.family("jvm_threads_live_threads", MetricType.GAUGE).getMetrics()).isNotEmpty();
  }

  @Test
  void unknownPathsAndTenants_neverBecomeLabels() {
    for (String path : List.of("/no/such/path", "/realms/evil-" + System.nanoTime() + "/oauth2/token")) {
      node.get(path);
    }
    node.post("nosuchrealm", "token", "app", "app-secret", form("grant_type", "client_credentials"));
    Scrape s = scrape();
    assertThat(s.histogram("jeton_http_requests_seconds", "dialect", "jeton", "endpoint", "unknown", "status", "404")
        .getSampleCount()).isEqualTo(1);
    assertThat(s.families.values()).flatMap(f -> f.getMetrics()).allSatisfy(m ->
        assertThat(m.getLabels().values()).noneMatch(v -> v.contains("evil") || v.contains("nosuchrealm")
            || v.contains("/no/such")));
  }
}
