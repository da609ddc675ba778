package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.browser.AuthorizationCode;
import io.jeton.core.browser.BrowserSession;
import io.jeton.core.browser.BrowserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link BrowserStore} in memory: each method one critical section. */
final class MemoryBrowserStore implements BrowserStore {
  private record Key(RealmName realm, TokenHash hash) {}

  private static final class CodeRow {
    final AuthorizationCode code;
    Instant usedAt;
    Instant replayedAt;
    SessionId session;

    CodeRow(AuthorizationCode code) {
      this.code = code;
    }
  }

  private final Map<Key, BrowserSession> sessions = new HashMap<>();
  private final Map<Key, Set<SessionId>> links = new HashMap<>();
  private final Map<Key, CodeRow> codes = new HashMap<>();

  @Override
  public synchronized void createSession(BrowserSession s) {
    if (sessions.putIfAbsent(new Key(s.realm(), s.hash()), s) != null) {
      throw new IllegalStateException("duplicate browser session");
    }
  }

  @Override
  public synchronized Optional<BrowserSession> findSession(RealmName realm, TokenHash hash) {
    return Optional.ofNullable(sessions.get(new Key(realm, hash)));
  }

  @Override
  public synchronized void touchSession(RealmName realm, TokenHash hash, Instant idleExpiresAt) {
    BrowserSession b = sessions.get(new Key(realm, hash));
    if (b != null && b.endedAt().isEmpty() && b.idleExpiresAt().isBefore(idleExpiresAt)) {
      sessions.put(new Key(realm, hash), new BrowserSession(b.realm(), b.hash(), b.userId(), b.authService(),
          b.createdAt(), b.expiresAt(), idleExpiresAt, b.endedAt()));
    }
  }

  @Override
  public synchronized boolean endSession(RealmName realm, TokenHash hash, Instant at) {
    BrowserSession b = sessions.get(new Key(realm, hash));
    if (b == null || b.endedAt().isPresent()) {
      return false;
    }
    sessions.put(new Key(realm, hash), new BrowserSession(b.realm(), b.hash(), b.userId(), b.authService(),
        b.createdAt(), b.expiresAt(), b.idleExpiresAt(), Optional.of(at)));
    return true;
  }

  @Override
  public synchronized void link(RealmName realm, TokenHash browser, SessionId session) {
    links.computeIfAbsent(new Key(realm, browser), k -> new LinkedHashSet<>()).add(session);
  }

  @Override
  public synchronized List<SessionId> linked(RealmName realm, TokenHash browser) {
    return new ArrayList<>(links.getOrDefault(new Key(realm, browser), Set.of()));
  }

  @Override
  public synchronized void insertCode(AuthorizationCode code) {
    if (codes.putIfAbsent(new Key(code.realm(), code.hash()), new CodeRow(code)) != null) {
      throw new IllegalStateException("duplicate code");
    }
  }

  @Override
  public synchronized CodeUse use(RealmName realm, TokenHash hash, Instant at) {
    CodeRow row = codes.get(new Key(realm, hash));
    if (row == null) {
      return new CodeUse.Unknown();
    }
    if (row.usedAt == null) {
      row.usedAt = at;
      return new CodeUse.First(row.code);
    }
    if (row.replayedAt == null) {
      row.replayedAt = at;
    }
    return new CodeUse.Replayed(Optional.ofNullable(row.session));
  }

  @Override
  public synchronized boolean attach(RealmName realm, TokenHash code, SessionId session) {
    CodeRow row = codes.get(new Key(realm, code));
    if (row == null) {
      return false;
    }
    row.session = session;
    return row.replayedAt != null;
  }

  @Override
  public synchronized int purgeCodes(RealmName realm, Instant before, int limit) {
    int n = 0;
    for (var it = codes.entrySet().iterator(); it.hasNext() && n < limit; ) {
      var e = it.next();
      if (e.getKey().realm().equals(realm) && e.getValue().code.expiresAt().isBefore(before)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized int purgeSessions(RealmName realm, Instant before, int limit) {
    int n = 0;
    for (var it = sessions.entrySet().iterator(); it.hasNext() && n < limit; ) {
      var e = it.next();
      BrowserSession b = e.getValue();
      boolean dead = b.expiresAt().isBefore(before) || b.idleExpiresAt().isBefore(before)
          || b.endedAt().filter(t -> t.isBefore(before)).isPresent();
      if (e.getKey().realm().equals(realm) && dead) {
        it.remove();
        links.remove(e.getKey());
        n++;
      }
    }
    return n;
  }

  synchronized void dropCodes(RealmName realm, java.util.function.Predicate<AuthorizationCode> which) {
    codes.entrySet().removeIf(e -> e.getKey().realm().equals(realm) && which.test(e.getValue().code));
  }

  synchronized void dropBrowserSessionsOf(RealmName realm, io.jeton.core.UserId user) {
    List<Key> gone = sessions.entrySet().stream()
        .filter(e -> e.getKey().realm().equals(realm) && e.getValue().userId().equals(user)).map(Map.Entry::getKey)
        .toList();
    gone.forEach(k -> {
      sessions.remove(k);
      links.remove(k);
    });
  }

  synchronized void dropLinks(RealmName realm, Set<SessionId> ids) {
    links.forEach((k, v) -> {
      if (k.realm().equals(realm)) {
        v.removeAll(ids);
      }
    });
    links.values().removeIf(Set::isEmpty);
  }

  synchronized void dropRealm(RealmName realm) {
    sessions.keySet().removeIf(k -> k.realm().equals(realm));
    links.keySet().removeIf(k -> k.realm().equals(realm));
    codes.keySet().removeIf(k -> k.realm().equals(realm));
  }
}
