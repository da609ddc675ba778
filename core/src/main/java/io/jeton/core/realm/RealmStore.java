package io.jeton.core.realm;

import io.jeton.core.RealmName;
import java.util.List;
import java.util.Optional;

/** Storage of realms. */
public interface RealmStore {
  Optional<Realm> find(RealmName name);

  /** Inserts or replaces the realm of that name. */
  void upsert(Realm realm);

  List<Realm> list();
}
