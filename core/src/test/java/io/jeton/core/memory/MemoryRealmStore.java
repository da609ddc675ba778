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
}
