package io.jeton.core.keys;

import io.jeton.core.RealmName;
import java.time.Instant;
import java.util.List;

/** Storage of realms' signing keys. */
public interface KeyStore {
  /** Every key of the realm, current and retired, oldest first. */
  List<StoredKey> list(RealmName realm);

  /** Inserts a key; a key with the same realm and kid is left as it is. */
  void insert(StoredKey key);

  /** Marks a key retired at {@code at}. */
  void retire(RealmName realm, String kid, Instant at);
}
