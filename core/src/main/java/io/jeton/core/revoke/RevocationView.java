package io.jeton.core.revoke;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view of every unexpired revocation, so that introspecting an unrevoked token
 * needs no database round trip. Local revocations are added at once; {@link #poll()} brings in
 * those of other nodes (SPEC: "reported inactive by every node of a cluster within 1 s").
 *
 * <p>Sequence numbers are handed out when a row is inserted but become visible when its
 * transaction commits, so a poll may see 7 before 6. The cursor therefore only advances over a
 * gap once the gap is older than {@link #GAP_WAIT_NANOS} (then it was a rolled-back insert).
 */
public final class RevocationView {
  static final long GAP_WAIT_NANOS = 3_000_000_000L;
  private static final int PAGE = 5000;

  private final RevocationStore store;
  private final InstantSource clock;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
  private long cursor;
  private long gapSeenAt;
  private long gapAt = -1;

  public RevocationView(RevocationStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  private static String key(RealmName realm, String value) {
    return realm.value() + '\u0000' + value;
  }

  public boolean isTokenRevoked(RealmName realm, String jti) {
    return !tokens.isEmpty() && tokens.containsKey(key(realm, jti));
  }

  public boolean isSessionRevoked(RealmName realm, SessionId sid) {
    return !sessions.isEmpty() && sessions.containsKey(key(realm, sid.value()));
  }

  /** Records a revocation made on this node (already stored). */
  public void addToken(RealmName realm, String jti, Instant expiresAt) {
    tokens.put(key(realm, jti), expiresAt);
  }

  public void addSession(RealmName realm, SessionId sid, Instant expiresAt) {
    sessions.put(key(realm, sid.value()), expiresAt);
  }

  public int size() {
    return tokens.size() + sessions.size();
  }

  /** Reads new entries from the store; returns how many were read. Not thread-safe: one poller. */
  public synchronized int poll() {
    int read = 0;
    boolean initial = cursor == 0;
    while (true) {
      List<RevocationEntry> page = store.since(cursor, PAGE);
      read += page.size();
      long next = cursor;
      boolean stopped = false;
      for (RevocationEntry e : page) {
        apply(e);
        if (stopped) {
          continue;
        }
        if (initial || e.seq() == next + 1) {
          next = e.seq();
          gapAt = -1;
        } else if (gapAt == next + 1 && System.nanoTime() - gapSeenAt > GAP_WAIT_NANOS) {
          next = e.seq();
          gapAt = -1;
        } else {
          if (gapAt != next + 1) {
            gapAt = next + 1;
            gapSeenAt = System.nanoTime();
          }
          stopped = true;
        }
      }
      cursor = next;
      if (page.size() < PAGE || stopped) {
        return read;
      }
    }
  }

  private void apply(RevocationEntry e) {
    switch (e.kind()) {
      case ACCESS_TOKEN -> tokens.put(key(e.realm(), e.value()), e.expiresAt());
      case SESSION -> sessions.put(key(e.realm(), e.value()), e.expiresAt());
    }
  }

  /** Forgets entries whose tokens have all expired. */
  public void evictExpired() {
    Instant now = clock.instant();
    tokens.values().removeIf(exp -> exp.isBefore(now));
    sessions.values().removeIf(exp -> exp.isBefore(now));
  }
}
