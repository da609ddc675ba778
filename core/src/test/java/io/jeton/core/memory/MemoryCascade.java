package io.jeton.core.memory;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.session.Session;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The admin deletes across the in-memory stores (SPEC 11), as the JDBC stores do them in one
 * transaction: each runs under the session store's lock (which every session and revocation write
 * takes), so no session is created or revoked half across it.
 */
final class MemoryCascade {
  private final Object lock;
  private final MemorySessionStore sessions;
  private final MemoryRevocationStore revocations;
  private final MemoryBrowserStore browser;
  private final MemoryLockoutStore lockouts;

  MemoryCascade(Object lock, MemorySessionStore sessions, MemoryRevocationStore revocations,
      MemoryBrowserStore browser, MemoryLockoutStore lockouts) {
    this.lock = lock;
    this.sessions = sessions;
    this.revocations = revocations;
    this.browser = browser;
    this.lockouts = lockouts;
  }

  /** Runs {@code delete} (which returns whether the thing existed) and, if it did, drops the client's sessions and codes. */
  boolean deleteClient(RealmName realm, ClientId id, Instant at, Instant entryExpiresAt,
      java.util.function.BooleanSupplier delete) {
    synchronized (lock) {
      if (!delete.getAsBoolean()) {
        return false;
      }
      dropSessions(realm, s -> s.clientId().equals(id), at, entryExpiresAt);
      browser.dropCodes(realm, c -> c.clientId().equals(id));
      return true;
    }
  }

  boolean deleteUser(RealmName realm, UserId id, String username, Instant at, Instant entryExpiresAt,
      java.util.function.BooleanSupplier delete) {
    synchronized (lock) {
      if (!delete.getAsBoolean()) {
        return false;
      }
      dropSessions(realm, s -> s.userId().equals(id), at, entryExpiresAt);
      browser.dropCodes(realm, c -> c.userId().equals(id));
      browser.dropBrowserSessionsOf(realm, id);
      lockouts.drop(realm, username);
      return true;
    }
  }

  /** Everything of the realm in the session, revocation, browser and lockout stores. */
  void dropRealm(RealmName realm) {
    synchronized (lock) {
      sessions.dropHoldingLock(realm, s -> true);
      revocations.dropRealmHoldingLock(realm);
      browser.dropRealm(realm);
      lockouts.dropRealm(realm);
    }
  }

  private void dropSessions(RealmName realm, Predicate<Session> which, Instant at, Instant entryExpiresAt) {
    List<Session> dropped = sessions.dropHoldingLock(realm, which);
    for (Session s : dropped) {
      if (s.isLive(at)) {
        revocations.recordSessionHoldingLock(realm, s.id(), entryExpiresAt);
      }
    }
    browser.dropLinks(realm, dropped.stream().map(Session::id).collect(java.util.stream.Collectors.toSet()));
  }
}
