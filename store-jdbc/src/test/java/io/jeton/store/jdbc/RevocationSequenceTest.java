package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.revoke.RevocationStore;
import io.jeton.core.session.Session;
import io.jeton.testkit.TestRealms;
import io.jeton.testkit.TestSessions;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording a revocation again draws no sequence number: every gap in {@code seq} holds back the
 * pollers' cursor ({@code RevocationView}), so repeated revocations must not leave gaps.
 */
class RevocationSequenceTest {
  @TempDir Path dir;

  @Test
  void h2_duplicateRevocations_leaveNoSequenceGap() {
    try (JdbcStores jdbc = JdbcStores.open("jdbc:h2:file:" + dir.resolve("jeton"), "sa", "", 2)) {
      assertNoGaps(jdbc);
    }
  }

  @Test
  void postgres_duplicateRevocations_leaveNoSequenceGap() throws Exception {
    try (PostgresDatabase database = PostgresDatabase.create(); JdbcStores jdbc = database.open(2)) {
      assertNoGaps(jdbc);
    }
  }

  private static void assertNoGaps(JdbcStores jdbc) {
    RevocationStore store = jdbc.stores().revocations();
    RealmName realm = TestRealms.uniqueName();
    Instant exp = TestSessions.NOW;
    Session session = TestSessions.session(realm).build();
    jdbc.stores().sessions().create(session, TestSessions.firstToken(session));

    store.revokeAccessToken(realm, "a", exp);
    store.revokeAccessToken(realm, "a", exp);
    store.revokeSession(realm, session.id(), exp, exp);
    store.revokeSession(realm, session.id(), exp, exp);
    store.revokeAccessToken(realm, "a", exp);
    store.revokeAccessToken(realm, "b", exp);

    assertThat(store.since(0, 100)).extracting(RevocationEntry::seq).containsExactly(1L, 2L, 3L);
  }
}
