package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.testkit.TestRealms;
import io.jeton.testkit.TestSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a synchronous write per commit ({@code WRITE_DELAY=0}) H2 leaves dead chunks in its file
 * unless {@link H2Housekeeping} reclaims them. The same workload (batches of refresh transactions with
 * pauses) runs on two files, without and with housekeeping; the file with it must end up at least 15%
 * smaller (typically 35% right after the load, over 75% once idle). H2 compacts harder once the store
 * is idle, so the second file gets up to ten idle seconds to get there; the first never shrinks while
 * it is open.
 */
class H2FileSizeTest {
  private static final int BATCHES = 3;
  private static final int SESSIONS_PER_BATCH = 200;
  private static final int ROTATIONS = 4;
  private static final long IDLE_WAIT_MILLIS = 10_000;

  @TempDir Path dir;

  @Test
  void housekeeping_batchesOfCommits_keepFileClearlySmallerThanWithout() throws Exception {
    long without = fileSizeAfterWorkload(dir.resolve("without"), false, 0);
    long target = without * 85 / 100;
    long with = fileSizeAfterWorkload(dir.resolve("with"), true, target);
    System.out.printf("H2 file after %d commits: %d bytes with housekeeping, %d without%n",
        BATCHES * SESSIONS_PER_BATCH * (1 + ROTATIONS), with, without);

    assertThat(with).as("file with housekeeping vs without (%d bytes)", without).isLessThan(target);
  }

  /** Runs the workload, then waits (at most {@link #IDLE_WAIT_MILLIS}) for the file to get below {@code target}. */
  private static long fileSizeAfterWorkload(Path base, boolean housekeeping, long target) throws Exception {
    Path file = Path.of(base + ".mv.db");
    try (JdbcStores jdbc = JdbcStores.open("jdbc:h2:file:" + base, "sa", "", 2, housekeeping, false)) {
      RealmName realm = TestRealms.uniqueName();
      for (int i = 0; i < BATCHES; i++) {
        batch(jdbc, realm);
        Thread.sleep(1500);
      }
      long deadline = System.nanoTime() + IDLE_WAIT_MILLIS * 1_000_000;
      while (Files.size(file) >= target && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      return Files.size(file);
    }
  }

  /** One create and {@link #ROTATIONS} rotations per session: one commit each, like logins and refreshes. */
  private static void batch(JdbcStores jdbc, RealmName realm) {
    for (int i = 0; i < SESSIONS_PER_BATCH; i++) {
      Session s = TestSessions.session(realm).build();
      RefreshToken t = TestSessions.firstToken(s);
      jdbc.stores().sessions().create(s, t);
      for (int k = 1; k <= ROTATIONS; k++) {
        RefreshToken next = TestSessions.successor(s, TestSessions.NOW.plusSeconds(k));
        jdbc.stores().sessions().rotate(realm, t.hash(), TestSessions.NOW.plusSeconds(k), next);
        t = next;
      }
    }
  }
}
