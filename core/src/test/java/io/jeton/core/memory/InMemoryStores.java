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
    return new Stores(new MemoryRealmStore(), new MemoryClientStore(), users, sessions,
        new MemoryRevocationStore(sessionLock, sessions), new MemoryKeyStore(), new MemoryAuditStore(),
        new MemoryLockoutStore(), new MemoryReplayStore(), new MemoryBrowserStore(), io.jeton.core.change.ChangeFeed.NONE);
  }
}
