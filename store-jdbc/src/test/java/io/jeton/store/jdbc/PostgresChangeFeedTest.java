package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.change.Change;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The change feed on two "nodes" (two {@link JdbcStores}) of one PostgreSQL database: a node hears
 * the other's changes, after a first {@code all}, never its own (so its own revocations cost it no
 * extra poll), and a burst of revocations arrives as a handful of {@code rev}, not one per revocation.
 */
class PostgresChangeFeedTest {
  @Test
  void otherNodesChanges_arrive_ownAreSkipped_andARevocationBurstIsCoalesced() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create(); JdbcStores a = db.open(2); JdbcStores b = db.open(2)) {
      List<Change> heardByA = new CopyOnWriteArrayList<>();
      List<Change> heardByB = new CopyOnWriteArrayList<>();
      a.stores().changes().subscribe(heardByA::add);
      b.stores().changes().subscribe(heardByB::add);
      await(() -> heardByA.contains(Change.EVERYTHING) && heardByB.contains(Change.EVERYTHING));
      await(() -> listeners(db) == 2);

      Change client = new Change.Client(RealmName.of("acme"), ClientId.of("app"));
      for (int i = 0; i < 1000; i++) {
        a.stores().changes().publish(Change.REVOCATION);
      }
      a.stores().changes().publish(client);
      await(() -> heardByB.contains(client));
      Thread.sleep(200);

      long revocations = heardByB.stream().filter(Change.REVOCATION::equals).count();
      assertThat(revocations).as("1000 revocations published at once").isBetween(1L, 10L);
      assertThat(heardByA).as("a node's own notices").containsExactly(Change.EVERYTHING);
    }
  }

  private static int listeners(PostgresDatabase db) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), PostgresDatabase.USER, "");
        java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'jeton-listener'"
                + " AND datname = current_database()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void await(ThrowingCondition condition) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as("within 10 s").isLessThan(end);
      Thread.sleep(20);
    }
  }

  @FunctionalInterface
  private interface ThrowingCondition {
    boolean holds() throws Exception;
  }
}
