package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Realms by name, listed in name order like the JDBC store. Realm is immutable, so no copies. */
final class MemoryRealmStore implements RealmStore {
  private final ConcurrentSkipListMap<String, Realm> realms = new ConcurrentSkipListMap<>();
  private final Map<String, Duration> longestAccessTtl = new ConcurrentHashMap<>();

  @Override
  public Optional<Realm> find(RealmName name) {
    return Optional.ofNullable(realms.get(name.value()));
  }

  @Override
  public synchronized void upsert(Realm realm) {
    realms.put(realm.name().value(), realm);
    longestAccessTtl.merge(realm.name().value(), realm.accessTokenTtl(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  @Override
  public Optional<Duration> longestAccessTokenTtl(RealmName name) {
    return Optional.ofNullable(longestAccessTtl.get(name.value()));
  }

  @Override
  public List<Realm> list() {
    return List.copyOf(realms.values());
  }

  /** What else a realm's deletion drops: every other store's rows of the realm ({@link InMemoryStores}). */
  volatile java.util.function.Consumer<RealmName> dropElsewhere = r -> { };

  @Override
  public synchronized boolean create(Realm realm) {
    if (realms.containsKey(realm.name().value())) {
      return false;
    }
    upsert(realm);
    return true;
  }

  @Override
  public List<Realm> list(Optional<RealmName> after, int limit) {
    var tail = after.isPresent() ? realms.tailMap(after.get().value(), false) : realms;
    return tail.values().stream().limit(Math.max(0, limit)).toList();
  }

  @Override
  public synchronized boolean delete(RealmName name) {
    if (realms.remove(name.value()) == null) {
      return false;
    }
    longestAccessTtl.remove(name.value());
    dropElsewhere.accept(name);
    return true;
  }
}
