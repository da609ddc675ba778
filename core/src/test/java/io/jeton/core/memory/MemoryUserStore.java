package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users by (realm, id) with a unique (realm, username) index, both changed under one lock so that
 * a refused upsert (username taken by another id) changes nothing, like the JDBC unique constraint.
 */
final class MemoryUserStore implements UserStore {
  private record Key(RealmName realm, String value) {}

  private final Map<Key, User> byId = new ConcurrentHashMap<>();
  private final Map<Key, UserId> byUsername = new ConcurrentHashMap<>();

  @Override
  public Optional<User> findByUsername(RealmName realm, String username) {
    UserId id = byUsername.get(new Key(realm, username));
    return id == null ? Optional.empty() : findById(realm, id);
  }

  @Override
  public Optional<User> findById(RealmName realm, UserId id) {
    return Optional.ofNullable(byId.get(new Key(realm, id.value())));
  }

  @Override
  public synchronized void upsert(User user) {
    Key id = new Key(user.realm(), user.id().value());
    Key name = new Key(user.realm(), user.username());
    UserId holder = byUsername.get(name);
    if (holder != null && !holder.equals(user.id())) {
      throw new IllegalStateException("username '" + user.username() + "' is taken in realm '" + user.realm() + "'");
    }
    User previous = byId.put(id, user);
    if (previous != null && !previous.username().equals(user.username())) {
      byUsername.remove(new Key(user.realm(), previous.username()));
    }
    byUsername.put(name, user.id());
  }

  @Override
  public synchronized boolean delete(RealmName realm, UserId id) {
    User removed = byId.remove(new Key(realm, id.value()));
    if (removed == null) {
      return false;
    }
    byUsername.remove(new Key(realm, removed.username()));
    return true;
  }

  /** Set by {@link InMemoryStores}: a user's deletion drops its sessions, codes and lockout. */
  MemoryCascade cascade;

  @Override
  public synchronized boolean create(User user) {
    if (byId.containsKey(new Key(user.realm(), user.id().value()))
        || byUsername.containsKey(new Key(user.realm(), user.username()))) {
      return false;
    }
    upsert(user);
    return true;
  }

  @Override
  public java.util.List<User> list(RealmName realm, Optional<String> afterUsername, int limit) {
    return byId.values().stream().filter(u -> u.realm().equals(realm))
        .filter(u -> afterUsername.map(a -> u.username().compareTo(a) > 0).orElse(true))
        .sorted(java.util.Comparator.comparing(User::username)).limit(Math.max(0, limit)).toList();
  }

  @Override
  public boolean deleteWithSessions(RealmName realm, UserId id, java.time.Instant at,
      java.time.Instant entryExpiresAt) {
    Optional<User> user = findById(realm, id);
    return user.isPresent() && cascade.deleteUser(realm, id, user.get().username(), at, entryExpiresAt,
        () -> delete(realm, id));
  }

  synchronized void dropRealm(RealmName realm) {
    byId.keySet().removeIf(k -> k.realm().equals(realm));
    byUsername.keySet().removeIf(k -> k.realm().equals(realm));
  }
}
