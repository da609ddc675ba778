package io.jeton.core.memory;

import io.jeton.core.Stores;

/**
 * Every store SPI of {@link Stores} in memory, for unit tests of core's features without a
 * database. It passes the same store conformance suite as H2 and PostgreSQL (testkit's {@code
 * InMemoryStoreConformanceTest}) and gives the same atomicity: each write method is one critical
 * section, so of N concurrent rotations of one refresh token exactly one wins, and a session
 * revocation marks the session and records its entry together. Nothing is durable, nothing is
 * shared between two {@code create()} calls (two "nodes" share one database by sharing one
 * {@link Stores}).
 */
public final class InMemoryStores {
  private InMemoryStores() {}

  /** A fresh, empty set of stores. */
  public static Stores create() {
    Object sessionLock = new Object();
    MemoryUserStore users = new MemoryUserStore();
    MemorySessionStore sessions = new MemorySessionStore(sessionLock, users);
    MemoryRealmStore realms = new MemoryRealmStore();
    MemoryClientStore clients = new MemoryClientStore();
    MemoryRevocationStore revocations = new MemoryRevocationStore(sessionLock, sessions);
    MemoryKeyStore keys = new MemoryKeyStore();
    MemoryAuditStore audit = new MemoryAuditStore();
    MemoryLockoutStore lockouts = new MemoryLockoutStore();
    MemoryReplayStore replays = new MemoryReplayStore();
    MemoryBrowserStore browser = new MemoryBrowserStore();
    MemoryCascade cascade = new MemoryCascade(sessionLock, sessions, revocations, browser, lockouts);
    clients.cascade = cascade;
    users.cascade = cascade;
    realms.dropElsewhere = realm -> {
      clients.dropRealm(realm);
      users.dropRealm(realm);
      keys.dropRealm(realm);
      audit.dropRealm(realm.value());
      replays.dropRealm(realm);
      cascade.dropRealm(realm);
    };
    return new Stores(realms, clients, users, sessions, revocations, keys, audit, lockouts, replays, browser,
        io.jeton.core.change.ChangeFeed.NONE);
  }
}
