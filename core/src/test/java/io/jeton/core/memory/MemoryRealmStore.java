package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Realms by name, listed in name order like the JDBC store. Realm is immutable, so no copies. */
final class MemoryRealmStore implements RealmStore {
  private final ConcurrentSkipListMap<String, Realm> realms = new ConcurrentSkipListMap<>();

  @Override
  public Optional<Realm> find(RealmName name) {
    return Optional.ofNullable(realms.get(name.value()));
  }

  @Override
  public void upsert(Realm realm) {
    realms.put(realm.name().value(), realm);
  }

  @Override
  public List<Realm> list() {
    return List.copyOf(realms.values());
  }
}
