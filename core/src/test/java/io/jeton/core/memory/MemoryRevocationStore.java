package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.revoke.RevocationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Revocation entries by sequence number, with a (realm, kind, value) index that makes recording
 * one twice a no-op that draws no number. Numbers are drawn and entries stored in one critical
 * section (the session store's lock, since {@link #revokeSession} also marks the session), and
 * {@link #since} reads under it too, so a poller never sees 7 before 6 and a gap never appears:
 * the cursor of {@code RevocationView} always advances at once.
 */
final class MemoryRevocationStore implements RevocationStore {
  private record Key(RealmName realm, RevocationEntry.Kind kind, String value) {}

  private final Object lock;
  private final MemorySessionStore sessions;
  private final TreeMap<Long, RevocationEntry> bySeq = new TreeMap<>();
  private final Map<Key, RevocationEntry> byKey = new HashMap<>();
  private long lastSeq;

  MemoryRevocationStore(Object lock, MemorySessionStore sessions) {
    this.lock = lock;
    this.sessions = sessions;
  }

  @Override
  public void revokeAccessToken(RealmName realm, String jti, Instant expiresAt) {
    synchronized (lock) {
      record(new Key(realm, RevocationEntry.Kind.ACCESS_TOKEN, jti), expiresAt);
    }
  }

  @Override
  public boolean revokeSession(RealmName realm, SessionId session, Instant at, Instant entryExpiresAt) {
    synchronized (lock) {
      if (!sessions.markRevokedHoldingLock(realm, session, at)) {
        return false;
      }
      record(new Key(realm, RevocationEntry.Kind.SESSION, session.value()), entryExpiresAt);
      return true;
    }
  }

  /** A session entry, for {@link MemoryCascade}, which holds the lock. */
  void recordSessionHoldingLock(RealmName realm, SessionId session, Instant expiresAt) {
    record(new Key(realm, RevocationEntry.Kind.SESSION, session.value()), expiresAt);
  }

  /** Every entry of the realm, for {@link MemoryCascade}, which holds the lock. */
  void dropRealmHoldingLock(RealmName realm) {
    bySeq.values().removeIf(e -> e.realm().equals(realm));
    byKey.keySet().removeIf(k -> k.realm().equals(realm));
  }

  private void record(Key key, Instant expiresAt) {
    if (byKey.containsKey(key)) {
      return;
    }
    RevocationEntry entry = new RevocationEntry(++lastSeq, key.realm(), key.kind(), key.value(), expiresAt);
    byKey.put(key, entry);
    bySeq.put(entry.seq(), entry);
  }

  @Override
  public List<RevocationEntry> since(long afterSeq, int limit) {
    synchronized (lock) {
      return bySeq.tailMap(afterSeq, false).values().stream().limit(Math.max(0, limit)).toList();
    }
  }

  @Override
  public List<RevocationEntry> withSeqs(Collection<Long> seqs) {
    synchronized (lock) {
      return new TreeSet<>(seqs).stream().map(bySeq::get).filter(Objects::nonNull).toList();
    }
  }

  @Override
  public int purgeExpired(RealmName realm, Instant now, int limit) {
    synchronized (lock) {
      List<RevocationEntry> batch = new ArrayList<>();
      for (RevocationEntry e : bySeq.values()) {
        if (batch.size() >= limit) {
          break;
        }
        if (e.realm().equals(realm) && e.expiresAt().isBefore(now)) {
          batch.add(e);
        }
      }
      for (RevocationEntry e : batch) {
        bySeq.remove(e.seq());
        byKey.remove(new Key(e.realm(), e.kind(), e.value()));
      }
      return batch.size();
    }
  }
}
