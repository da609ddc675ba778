package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.keys.StoredKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signing keys per realm, listed oldest first (then by kid) like the JDBC store. The encrypted
 * private part is an array, so it is copied in and out: a caller cannot change what is stored.
 */
final class MemoryKeyStore implements KeyStore {
  private static final Comparator<StoredKey> OLDEST_FIRST =
      Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::kid);

  private final Map<RealmName, List<StoredKey>> keys = new HashMap<>();

  @Override
  public synchronized List<StoredKey> list(RealmName realm) {
    return keys.getOrDefault(realm, List.of()).stream().sorted(OLDEST_FIRST).map(MemoryKeyStore::copy).toList();
  }

  @Override
  public synchronized void insert(StoredKey key) {
    List<StoredKey> ofRealm = keys.computeIfAbsent(key.realm(), r -> new ArrayList<>());
    if (ofRealm.stream().noneMatch(k -> k.kid().equals(key.kid()))) {
      ofRealm.add(copy(key));
    }
  }

  @Override
  public synchronized void retire(RealmName realm, String kid, Instant at) {
    List<StoredKey> ofRealm = keys.getOrDefault(realm, List.of());
    for (int i = 0; i < ofRealm.size(); i++) {
      StoredKey k = ofRealm.get(i);
      if (k.kid().equals(kid)) {
        ofRealm.set(i, new StoredKey(k.realm(), k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk(),
            k.createdAt(), at));
      }
    }
  }

  private static StoredKey copy(StoredKey k) {
    return new StoredKey(k.realm(), k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk().clone(),
        k.createdAt(), k.retiredAt());
  }
}
