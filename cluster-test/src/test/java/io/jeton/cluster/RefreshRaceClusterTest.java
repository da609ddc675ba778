package io.jeton.cluster;

import static io.jeton.cluster.Cluster.introspect;
import static io.jeton.cluster.Cluster.login;
import static io.jeton.cluster.Cluster.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.cluster.Cluster.Reply;
import io.jeton.testkit.PostgresDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8 acceptance (SPEC 1, 10): of 50 concurrent refreshes of one refresh token spread over three
 * nodes, exactly one rotates it; a reuse of the original token outside the grace window, on another
 * node, revokes that session on every node within 1 s.
 */
class RefreshRaceClusterTest {
  static final int RACERS = 50;
  /** The realm's grace window: long enough for the race on a loaded machine, short to wait out. */
  static final Duration GRACE = Duration.ofSeconds(5);

  @RegisterExtension final ClusterLogs logs = new ClusterLogs();

  @Test
  void refresh_fiftyConcurrentOnThreeNodes_rotatesOnceAndReuseRevokesSessionEverywhere()
      throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create();
        Cluster cluster = logs.watch(Cluster.start(db.url(), 3, ClusterLogs.dir(getClass(), "race"),
            List.of("    refreshReuseGrace: " + GRACE.toSeconds()), List.of()))) {
      List<Node> nodes = cluster.nodes();
      for (Node n : nodes) { // warm each node's refresh path, so that the race fits the grace window
        Reply warm = login(n);
        assertThat(refresh(n, warm.field("refresh_token")).status()).isEqualTo(200);
      }
      Reply first = login(nodes.get(0));
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      String original = first.field("refresh_token");
      String sid = Cluster.claims(first.field("access_token")).get("sid").asText();

      List<Reply> replies = new ArrayList<>();
      long raceStart = System.nanoTime();
      CountDownLatch go = new CountDownLatch(1);
      try (ExecutorService pool = Executors.newFixedThreadPool(RACERS)) {
        List<Future<Reply>> answers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          Node n = nodes.get(i % nodes.size());
          answers.add(pool.submit(() -> {
            go.await();
            return refresh(n, original);
          }));
        }
        go.countDown();
        for (Future<Reply> a : answers) {
          replies.add(a.get());
        }
      }
      Duration race = Duration.ofNanos(System.nanoTime() - raceStart);
      List<Reply> ok = replies.stream().filter(r -> r.status() == 200).toList();
      List<Reply> refused = replies.stream().filter(r -> r.status() != 200).toList();
      Set<String> successors = ok.stream().map(r -> r.field("refresh_token"))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(ok).as("at least one refresh succeeds; race took %s", race).isNotEmpty();
      assertThat(successors).as("every 200 carries the one successor (race took %s)", race).hasSize(1);
      assertThat(refused).as("the others are refused as used, never a server error")
          .allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.field("error")).isEqualTo("invalid_grant");
          });
      assertThat(cluster.count("SELECT count(*) FROM refresh_token WHERE realm = ? AND session_id = ?",
          Cluster.REALM, sid)).as("the original and exactly one successor are stored").isEqualTo(2);
      assertThat(race).as("the race ended inside the grace window, so that nothing so far was a reuse")
          .isLessThan(GRACE);

      String successor = successors.iterator().next();
      String successorAccess = ok.getFirst().field("access_token");
      for (Node n : nodes) {
        assertThat(introspect(n, successorAccess).json().get("active").asBoolean())
            .as("the successor's access token is active on %s", n).isTrue();
      }

      Thread.sleep(GRACE.plusMillis(500).toMillis()); // counted from after the race: the first use is older
      Reply reuse = refresh(nodes.get(2), original);
      long revokedAt = System.nanoTime();
      assertThat(reuse.status()).as(reuse.body()).isEqualTo(400);
      assertThat(reuse.field("error")).isEqualTo("invalid_grant");

      List<String> stillActive = new ArrayList<>();
      do {
        stillActive.clear();
        for (Node n : nodes) {
          for (String token : List.of(successorAccess, first.field("access_token"))) {
            Reply r = introspect(n, token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            if (r.json().get("active").asBoolean()) {
              stillActive.add(n.name());
            }
          }
        }
      } while (!stillActive.isEmpty() && System.nanoTime() - revokedAt < Duration.ofSeconds(1).toNanos());
      long seen = (System.nanoTime() - revokedAt) / 1_000_000;
      assertThat(stillActive).as("the session's access tokens are inactive on every node within 1 s (%d ms)", seen)
          .isEmpty();
      for (Node n : nodes) {
        Reply r = refresh(n, successor);
        assertThat(r.status()).as("the successor refresh token is refused on %s: %s", n, r.body()).isEqualTo(400);
        assertThat(r.field("error")).isEqualTo("invalid_grant");
      }
    }
  }
}
