package io.jeton.cluster;

import static io.jeton.cluster.Cluster.get;
import static io.jeton.cluster.Cluster.introspect;
import static io.jeton.cluster.Cluster.login;
import static io.jeton.cluster.Cluster.oauth;
import static io.jeton.cluster.Cluster.postJson;
import static io.jeton.cluster.Cluster.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.cluster.Cluster.Reply;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8 acceptance (SPEC 10, "Faults"): three nodes on a PostgreSQL of the test's own, under a
 * steady load of logins and refreshes; the database is stopped ({@code pg_ctl stop -m immediate}).
 * While it is away, every answer that needs it is 503 in its API's shape (standard token endpoint:
 * {@code temporarily_unavailable}; C1: {@code {"code":503,...}}), quickly (no request waits out a
 * pool timeout), never a 500; {@code /health/ready} is 503 on every node; JWKS and the introspection
 * of an issued token by a client the node has seen keep answering from memory. Once the database is
 * back, every node answers tokens and {@code /health/ready} with 200 within 5 s.
 */
class DatabaseOutageClusterTest {
  /** How long the database stays away: longer than the realm and client caches' 5 s lifetime. */
  static final Duration OUTAGE = Duration.ofSeconds(8);
  /** A node may take this long to notice the database is gone (its readiness probe is cached 1 s). */
  static final Duration NOTICE = Duration.ofSeconds(3);
  static final Duration RECOVERY = Duration.ofSeconds(5);
  /** No answer during the outage may take longer: a request must not wait out a long pool timeout. */
  static final Duration FAST = Duration.ofSeconds(4);

  @RegisterExtension final ClusterLogs logs = new ClusterLogs();

  @Test
  void postgresStoppedUnderLoad_answers503InEachApisShapeAndRecoversWithin5s() throws Exception {
    try (PrivatePostgres pg = PrivatePostgres.create();
        Cluster cluster = logs.watch(Cluster.start(pg.url(), 3, ClusterLogs.dir(getClass(), "outage"),
            List.of(), List.of()))) {
      List<Node> nodes = cluster.nodes();
      Map<Node, String> accessTokens = new LinkedHashMap<>();
      Map<Node, String> refreshTokens = new LinkedHashMap<>();
      for (Node n : nodes) {
        Reply r = login(n);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        accessTokens.put(n, r.field("access_token"));
        refreshTokens.put(n, r.field("refresh_token"));
        // the node has now seen the client and the token
        assertThat(introspect(n, r.field("access_token")).json().get("active").asBoolean()).isTrue();
      }

      AtomicBoolean stop = new AtomicBoolean();
      List<String> serverErrors = new CopyOnWriteArrayList<>();
      AtomicInteger loadAnswers = new AtomicInteger();
      List<Future<?>> load = new ArrayList<>();
      List<String> violations = new CopyOnWriteArrayList<>();
      List<String> fromMemory = new CopyOnWriteArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
        for (Node n : nodes) {
          load.add(pool.submit(() -> {
            String token = null;
            while (!stop.get()) {
              try {
                Reply r = token == null ? login(n) : refresh(n, token);
                loadAnswers.incrementAndGet();
                if (r.status() >= 500 && r.status() != 503) {
                  serverErrors.add(n + ": " + r);
                }
                token = r.status() == 200 ? r.field("refresh_token") : null;
              } catch (UncheckedIOException e) {
                serverErrors.add(n + ": no answer: " + e.getCause());
              }
            }
            return null;
          }));
        }
        Thread.sleep(1000);
        pg.stop();
        long downAt = System.nanoTime();
        long noticedBy = downAt + NOTICE.toNanos();
        long upAt = downAt + OUTAGE.toNanos();
        int round = 0;
        while (System.nanoTime() < upAt) {
          boolean settled = System.nanoTime() > noticedBy;
          for (Node n : nodes) {
            check(violations, n, "token endpoint", () -> login(n), r -> r.status() == 503
                && r.json().path("error").asText().equals("temporarily_unavailable")
                && r.headers().containsKey("retry-after"));
            check(violations, n, "C1 login", () -> postJson(n.url("/auth/login"),
                "{\"username\":\"" + Cluster.USER + "\",\"password\":\"" + Cluster.PASSWORD + "\"}"),
                r -> r.status() == 503 && r.json().path("code").asInt() == 503
                    && r.json().path("message").asText().equals("Service unavailable"));
            if (settled) {
              check(violations, n, "/health/ready", () -> get(n.url("/health/ready")), r -> r.status() == 503);
            }
            check(fromMemory, n, "JWKS", () -> get(oauth(n, "jwks")), r -> r.status() == 200
                && r.json().path("keys").size() > 0);
            check(fromMemory, n, "introspection of an issued token",
                () -> introspect(n, accessTokens.get(n)), r -> r.status() == 200
                    && r.json().path("active").asBoolean());
          }
          round++;
          Thread.sleep(200);
        }
        pg.start();
        long backAt = System.nanoTime();
        Map<Node, Long> recoveredMs = new LinkedHashMap<>();
        while (recoveredMs.size() < nodes.size() && System.nanoTime() - backAt < RECOVERY.toNanos()) {
          for (Node n : nodes) {
            if (!recoveredMs.containsKey(n) && login(n).status() == 200
                && get(n.url("/health/ready")).status() == 200) {
              recoveredMs.put(n, (System.nanoTime() - backAt) / 1_000_000);
            }
          }
          Thread.sleep(100);
        }
        Thread.sleep(1000); // the load runs on after the recovery
        stop.set(true);
        for (Future<?> f : load) {
          f.get();
        }
        logs.note("PostgreSQL log:\n" + pg.log());
        System.out.printf("DatabaseOutageClusterTest: %d check rounds during the outage, %d load answers, "
            + "recovered after (ms) %s%n", round, loadAnswers.get(), recoveredMs);
        assertThat(violations).as("answers while PostgreSQL was away").isEmpty();
        assertThat(serverErrors).as("no 500 (nor a missing answer) under load, before, during or after the outage")
            .isEmpty();
        assertThat(recoveredMs).as("nodes answering tokens 200 and /health/ready 200 within %s of the return",
            RECOVERY).hasSize(nodes.size());
        // Checked last, so that everything above is proven first: this one needs core's realm and
        // client caches to serve the last known value while the database is away (they expire after
        // 5 s today; branch notify changes that). With 60 s caches the whole test passes.
        assertThat(fromMemory).as("JWKS and introspection answered from memory while PostgreSQL was away")
            .isEmpty();
      }
      for (Node n : nodes) {
        Reply r = refresh(n, refreshTokens.get(n));
        assertThat(r.status()).as("a refresh token issued before the outage still refreshes on %s: %s", n, r.body())
            .isEqualTo(200);
      }
    }
  }

  /** Records a violation when the answer is slow, missing, or not what {@code expected} accepts. */
  private static void check(List<String> violations, Node n, String what, Supplier<Reply> request,
      java.util.function.Predicate<Reply> expected) {
    long t0 = System.nanoTime();
    try {
      Reply r = request.get();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (!expected.test(r)) {
        violations.add(n + " " + what + ": " + r + " " + r.headers().keySet());
      } else if (ms > FAST.toMillis()) {
        violations.add(n + " " + what + ": answered after " + ms + " ms");
      }
    } catch (UncheckedIOException e) {
      violations.add(n + " " + what + ": no answer: " + e.getCause());
    } catch (AssertionError e) {
      violations.add(n + " " + what + ": " + e.getMessage());
    }
  }
}
