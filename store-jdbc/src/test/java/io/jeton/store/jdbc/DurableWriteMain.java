package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.testkit.TestSessions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link H2DurabilityTest}: writes through the stores (a realm, a session, a
 * rotation, a revocation, then 200 sessions and 200 access-token revocations from 8 threads at once),
 * prints what it wrote once every write has returned, then waits to be killed. Arguments: the JDBC URL and the realm name.
 */
public final class DurableWriteMain {
  static final int CONCURRENT_WRITERS = 8;
  static final int SESSIONS_PER_WRITER = 25;
  private static final Instant EXPIRES = Instant.parse("2031-01-01T00:00:00Z");

  private DurableWriteMain() {}

  public static void main(String[] args) throws Exception {
    RealmName realm = RealmName.of(args[1]);
    JdbcStores jdbc = JdbcStores.open(args[0], "sa", "", CONCURRENT_WRITERS);
    Stores stores = jdbc.stores();
    stores.realms().upsert(Realm.withDefaults(realm));
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores.sessions().create(session, first);
    RefreshToken next = TestSessions.successor(session, TestSessions.NOW.plusSeconds(1));
    stores.sessions().rotate(realm, first.hash(), TestSessions.NOW.plusSeconds(1), next);
    stores.revocations().revokeAccessToken(realm, "jti-" + args[1], EXPIRES);
    // Concurrent logins and revocations, so that commits are written in groups (the revocations share
    // transactions, GroupCommit): every one acknowledged must be there.
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < CONCURRENT_WRITERS; t++) {
      int writer = t;
      writers.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < SESSIONS_PER_WRITER; i++) {
          Session s = TestSessions.session(realm).build();
          stores.sessions().create(s, TestSessions.firstToken(s));
        }
      }));
      writers.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < SESSIONS_PER_WRITER; i++) {
          stores.revocations().revokeAccessToken(realm, "jti-" + writer + "-" + i, EXPIRES);
        }
      }));
    }
    for (Thread w : writers) {
      w.join();
    }
    System.out.println("WROTE " + session.id() + " " + first.hash() + " " + next.hash());
    System.out.flush();
    Thread.sleep(600_000);
  }
}
