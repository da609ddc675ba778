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
 * pauses) runs on two files, with and without housekeeping; the file with it must stay clearly smaller.
 */
class H2FileSizeTest {
  private static final int BATCHES = 3;
  private static final int SESSIONS_PER_BATCH = 200;
  private static final int ROTATIONS = 4;

  @TempDir Path dir;

  @Test
  void housekeeping_batchesOfCommits_keepFileClearlySmallerThanWithout() throws Exception {
    long with = fileSizeAfterWorkload(dir.resolve("with"), true);
    long without = fileSizeAfterWorkload(dir.resolve("without"), false);
    System.out.printf("H2 file after %d commits: %d bytes with housekeeping, %d without%n",
        BATCHES * SESSIONS_PER_BATCH * (1 + ROTATIONS), with, without);

    assertThat(with).as("file with housekeeping vs without (%d bytes)", without).isLessThan(without * 4 / 5);
  }

  private static long fileSizeAfterWorkload(Path base, boolean housekeeping) throws Exception {
    try (JdbcStores jdbc = JdbcStores.open("jdbc:h2:file:" + base, "sa", "", 2, housekeeping)) {
      RealmName realm = TestRealms.uniqueName();
      for (int i = 0; i < BATCHES; i++) {
        batch(jdbc, realm);
        Thread.sleep(1500);
      }
      return Files.size(Path.of(base + ".mv.db"));
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
