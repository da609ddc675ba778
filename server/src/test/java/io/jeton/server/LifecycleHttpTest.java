package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.server.config.ServerConfig;
import io.jeton.testkit.PostgresDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A running node's background work: staleness on /health/ready, the purge job, its metrics. */
class LifecycleHttpTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static TestNode node(Duration maxStaleness, Duration purgeInterval) {
    return TestNode.startWith(c -> c.withRevocationPoll(Duration.ofMillis(20))
        .withLifecycle(new ServerConfig.Lifecycle(maxStaleness, Duration.ofDays(30), purgeInterval, 500)));
  }

  /**
   * Review H5: a node that cannot read other nodes' revocations kept answering "active" for
   * revoked tokens and kept reporting itself ready. Now it says so on /health/ready.
   */
  @Test
  void healthReady_revocationPollFailingBeyondTheBound_is503UntilItRecovers() throws Exception {
    try (TestNode node = node(Duration.ofMillis(300), Duration.ofHours(1))) {
      assertThat(node.get("/health/ready").statusCode()).isEqualTo(200);

      sql(node, "ALTER TABLE revocation RENAME TO revocation_hidden");
      awaitTrue(() -> node.get("/health/ready").statusCode() == 503);
      HttpResponse<String> down = node.get("/health/ready");
      assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
      assertThat(node.get("/health/live").statusCode()).isEqualTo(200);

      sql(node, "ALTER TABLE revocation_hidden RENAME TO revocation");
      awaitTrue(() -> node.get("/health/ready").statusCode() == 200);
    }
  }

  /**
   * SPEC 4: expired revocation rows are deleted by the node's own purge job, and counted. The node's
   * clock stands still until the revocation is written, then jumps past the entry's expiry: on the
   * wall clock, a 1 s token issued late in its second could expire before the revocation reached
   * the node (nothing is then written), or its entry be purged before the test counted it.
   */
  @Test
  void purgeJob_runningNode_deletesExpiredRevocationRowsAndCountsThem() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    try (PostgresDatabase db = PostgresDatabase.create();
        TestNode node = TestNode.startOn(db.url(), TestNode.imports(Duration.ofSeconds(10)),
            c -> c.withRevocationPoll(Duration.ofMillis(20))
                .withLifecycle(new ServerConfig.Lifecycle(Duration.ofSeconds(5), Duration.ofDays(30),
                    Duration.ofSeconds(1), 500)), now::get)) {
      JsonNode token = node.clientToken("short"); // 1 s access tokens
      HttpResponse<String> revoked = node.post("short", "revoke", "app", "app-secret",
          TestNode.form("token", token.get("access_token").asText()));
      assertThat(revoked.statusCode()).isEqualTo(200);
      assertThat(count(node, "SELECT COUNT(*) FROM revocation WHERE realm = 'short'")).isEqualTo(1);

      now.set(now.get().plusSeconds(120));
      awaitTrue(() -> count(node, "SELECT COUNT(*) FROM revocation WHERE realm = 'short'") == 0);
      awaitTrue(() -> node.get("/metrics").body().contains("jeton_purged_rows_total{kind=\"revocation\"} 1.0"));
    }
  }

  @Test
  void metrics_showAuditDropsRevocationsHeldAndPollAge() throws Exception {
    try (TestNode node = node(Duration.ofSeconds(5), Duration.ofHours(1))) {
      JsonNode token = node.clientToken("acme");
      node.post("acme", "revoke", "app", "app-secret", TestNode.form("token", token.get("access_token").asText()));

      awaitTrue(() -> node.get("/metrics").body().contains("jeton_revocations_held 1.0"));
      String metrics = node.get("/metrics").body();
      assertThat(metrics).contains("jeton_audit_events_dropped_total 0.0", "jeton_revocation_poll_age_seconds ");
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within " + WAIT).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void sql(TestNode node, String sql) throws SQLException {
    try (Connection c = node.server.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(TestNode node, String sql) {
    try (Connection c = node.server.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
