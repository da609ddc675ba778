package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.testkit.TestSessions;
import java.time.Instant;

/**
 * The child process of {@link H2DurabilityTest}: writes through the stores, prints what it wrote once
 * every write has returned, then waits to be killed. Arguments: the JDBC URL and the realm name.
 */
public final class DurableWriteMain {
  private DurableWriteMain() {}

  public static void main(String[] args) throws Exception {
    RealmName realm = RealmName.of(args[1]);
    JdbcStores jdbc = JdbcStores.open(args[0], "sa", "", 2);
    Stores stores = jdbc.stores();
    stores.realms().upsert(Realm.withDefaults(realm));
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores.sessions().create(session, first);
    RefreshToken next = TestSessions.successor(session, TestSessions.NOW.plusSeconds(1));
    stores.sessions().rotate(realm, first.hash(), TestSessions.NOW.plusSeconds(1), next);
    stores.revocations().revokeAccessToken(realm, "jti-" + args[1], Instant.parse("2031-01-01T00:00:00Z"));
    System.out.println("WROTE " + session.id() + " " + first.hash() + " " + next.hash());
    System.out.flush();
    Thread.sleep(600_000);
  }
}
