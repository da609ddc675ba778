package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions by (realm, id) and refresh tokens by (realm, hash). Every write runs under one lock,
 * shared with {@link MemoryRevocationStore} (which marks sessions revoked): the check and the
 * writes of {@link #rotate} are one critical section, so of N concurrent callers exactly one
 * finds the token unused, and a refused write (a taken hash, an unknown session) changes nothing.
 * Reads take no lock: the maps are concurrent and their values immutable records, so a reader sees
 * each row before or after a write, never half of it (READ COMMITTED, like the JDBC store).
 */
final class MemorySessionStore implements SessionStore {
  record Key(RealmName realm, String value) {}

  private final Object lock;
  private final MemoryUserStore users;
  private final Map<Key, Session> sessions = new ConcurrentHashMap<>();
  private final Map<Key, RefreshToken> tokens = new ConcurrentHashMap<>();

  MemorySessionStore(Object lock, MemoryUserStore users) {
    this.lock = lock;
    this.users = users;
  }

  @Override
  public void create(Session session, RefreshToken first) {
    if (!session.realm().equals(first.realm()) || !session.id().equals(first.sessionId())) {
      throw new IllegalArgumentException("refresh token of session '" + first.sessionId()
          + "' created with session '" + session.id() + "'");
    }
    Key sessionKey = new Key(session.realm(), session.id().value());
    Key tokenKey = tokenKey(first.realm(), first.hash());
    synchronized (lock) {
      if (sessions.containsKey(sessionKey)) {
        throw new IllegalStateException("session '" + session.id() + "' exists in realm '" + session.realm() + "'");
      }
      requireFree(tokenKey);
      sessions.put(sessionKey, session);
      tokens.put(tokenKey, first);
    }
  }

  /**
   * Under the lock, so the count of the user's live sessions and the insert are one step: of any
   * number of concurrent logins, each sees the sessions of those before it.
   */
  @Override
  public List<SessionId> createCapped(Session session, RefreshToken first, int maxLive) {
    if (maxLive < 1) {
      throw new IllegalArgumentException("a session cap is at least 1, got " + maxLive);
    }
    Instant now = session.createdAt();
    synchronized (lock) {
      List<Session> live = sessions.values().stream()
          .filter(s -> s.realm().equals(session.realm()) && s.userId().equals(session.userId()) && s.isLive(now))
          .sorted(Comparator.comparing(Session::createdAt).thenComparing(s -> s.id().value())).toList();
      List<Session> evicted = live.subList(0, Math.max(0, live.size() - (maxLive - 1)));
      create(session, first); // throws before anything is revoked when the insert would fail
      evicted.forEach(s -> sessions.put(new Key(s.realm(), s.id().value()), revoked(s, now)));
      return evicted.stream().map(Session::id).toList();
    }
  }

  @Override
  public Optional<Session> find(RealmName realm, SessionId id) {
    return Optional.ofNullable(sessions.get(new Key(realm, id.value())));
  }

  @Override
  public Optional<RefreshLookup> findRefreshToken(RealmName realm, TokenHash hash) {
    RefreshToken token = tokens.get(tokenKey(realm, hash));
    if (token == null) {
      return Optional.empty();
    }
    Session session = sessions.get(new Key(realm, token.sessionId().value()));
    return session == null ? Optional.empty()
        : Optional.of(new RefreshLookup(token, session, users.findById(realm, session.userId())));
  }

  @Override
  public boolean rotate(RealmName realm, TokenHash used, Instant usedAt, RefreshToken successor) {
    if (!successor.realm().equals(realm)) {
      throw new IllegalArgumentException("successor of realm '" + successor.realm() + "' rotated in '" + realm + "'");
    }
    Key usedKey = tokenKey(realm, used);
    Key successorKey = tokenKey(realm, successor.hash());
    synchronized (lock) {
      RefreshToken current = tokens.get(usedKey);
      if (current == null || current.usedAt().isPresent()) {
        return false;
      }
      requireFree(successorKey);
      if (!sessions.containsKey(new Key(realm, successor.sessionId().value()))) {
        throw new IllegalStateException("successor names unknown session '" + successor.sessionId() + "'");
      }
      tokens.put(usedKey, current.withUse(usedAt, successor.hash()));
      tokens.put(successorKey, successor);
      return true;
    }
  }

  @Override
  public boolean revoke(RealmName realm, SessionId id, Instant at) {
    synchronized (lock) {
      Session session = sessions.get(new Key(realm, id.value()));
      if (session == null || session.revokedAt().isPresent()) {
        return false;
      }
      sessions.put(new Key(realm, id.value()), revoked(session, at));
      return true;
    }
  }

  /**
   * Marks the session revoked at {@code at} unless it already is; returns whether it exists. For
   * {@link MemoryRevocationStore#revokeSession}, which holds the lock.
   */
  boolean markRevokedHoldingLock(RealmName realm, SessionId id, Instant at) {
    Key key = new Key(realm, id.value());
    Session session = sessions.get(key);
    if (session == null) {
      return false;
    }
    if (session.revokedAt().isEmpty()) {
      sessions.put(key, revoked(session, at));
    }
    return true;
  }

  @Override
  public int purgeEnded(RealmName realm, Instant before, int limit) {
    synchronized (lock) {
      List<Key> ended = sessions.entrySet().stream()
          .filter(e -> e.getKey().realm().equals(realm))
          .filter(e -> e.getValue().expiresAt().isBefore(before)
              || e.getValue().revokedAt().filter(at -> at.isBefore(before)).isPresent())
          .map(Map.Entry::getKey).limit(Math.max(0, limit)).toList();
      Set<String> ids = new HashSet<>();
      for (Key k : ended) {
        sessions.remove(k);
        ids.add(k.value());
      }
      tokens.values().removeIf(t -> t.realm().equals(realm) && ids.contains(t.sessionId().value()));
      return ended.size();
    }
  }

  @Override
  public int purgeExpiredRefreshTokens(RealmName realm, Instant now, int limit) {
    synchronized (lock) {
      List<Key> expired = tokens.entrySet().stream()
          .filter(e -> e.getKey().realm().equals(realm) && e.getValue().expiresAt().isBefore(now))
          .map(Map.Entry::getKey).limit(Math.max(0, limit)).toList();
      expired.forEach(tokens::remove);
      return expired.size();
    }
  }

  @Override
  public List<Session> live(RealmName realm, Optional<io.jeton.core.UserId> user, Instant now, int limit) {
    Comparator<Session> newest = user.isPresent()
        ? Comparator.comparing(Session::createdAt).thenComparing(s -> s.id().value())
        : Comparator.comparing(Session::expiresAt).thenComparing(s -> s.id().value());
    return sessions.values().stream()
        .filter(s -> s.realm().equals(realm) && s.isLive(now) && user.map(s.userId()::equals).orElse(true))
        .sorted(newest.reversed()).limit(Math.max(0, limit)).toList();
  }

  /** Removes the realm's sessions that match, with their refresh tokens; the caller holds the lock. */
  List<Session> dropHoldingLock(RealmName realm, java.util.function.Predicate<Session> which) {
    List<Session> dropped = sessions.values().stream().filter(s -> s.realm().equals(realm) && which.test(s)).toList();
    Set<String> ids = new HashSet<>();
    for (Session s : dropped) {
      sessions.remove(new Key(realm, s.id().value()));
      ids.add(s.id().value());
    }
    tokens.values().removeIf(t -> t.realm().equals(realm) && ids.contains(t.sessionId().value()));
    return dropped;
  }

  /** How many refresh tokens the session's family holds, for tests that count rotations. */
  long familySize(RealmName realm, SessionId id) {
    return tokens.values().stream().filter(t -> t.realm().equals(realm) && t.sessionId().equals(id)).count();
  }

  private static Session revoked(Session s, Instant at) {
    return new Session(s.realm(), s.id(), s.userId(), s.clientId(), s.authService(), s.scope(), s.createdAt(),
        s.expiresAt(), Optional.of(at), s.resources());
  }

  private void requireFree(Key tokenKey) {
    if (tokens.containsKey(tokenKey)) {
      throw new IllegalStateException("refresh token hash taken in realm '" + tokenKey.realm() + "'");
    }
  }

  private static Key tokenKey(RealmName realm, TokenHash hash) {
    return new Key(realm, hash.value());
  }
}
