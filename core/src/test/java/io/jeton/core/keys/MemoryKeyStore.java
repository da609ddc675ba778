package io.jeton.core.keys;

import io.jeton.core.RealmName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A KeyStore in a list, for unit tests of key handling (the JDBC one is tested by the conformance suite). */
public final class MemoryKeyStore implements KeyStore {
  final List<StoredKey> keys = new ArrayList<>();

  @Override
  public synchronized List<StoredKey> list(RealmName realm) {
    return keys.stream().filter(k -> k.realm().equals(realm)).toList();
  }

  @Override
  public synchronized void insert(StoredKey key) {
    if (keys.stream().noneMatch(k -> k.realm().equals(key.realm()) && k.kid().equals(key.kid()))) {
      keys.add(key);
    }
  }

  @Override
  public synchronized void retire(RealmName realm, String kid, Instant at) {
    for (int i = 0; i < keys.size(); i++) {
      StoredKey k = keys.get(i);
      if (k.realm().equals(realm) && k.kid().equals(kid)) {
        keys.set(i, new StoredKey(k.realm(), k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk(),
            k.createdAt(), at));
      }
    }
  }
}
