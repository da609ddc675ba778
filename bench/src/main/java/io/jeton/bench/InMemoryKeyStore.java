package io.jeton.bench;

import io.jeton.core.RealmName;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.keys.StoredKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link KeyStore} held in memory, so that the signing and verification benchmarks measure the
 * JOSE work alone and no database (keys are loaded once and then served from the key ring).
 */
public final class InMemoryKeyStore implements KeyStore {
  private final List<StoredKey> keys = new CopyOnWriteArrayList<>();

  @Override
  public List<StoredKey> list(RealmName realm) {
    return keys.stream()
        .filter(k -> k.realm().equals(realm))
        .sorted(Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::kid))
        .toList();
  }

  @Override
  public synchronized void insert(StoredKey key) {
    boolean present = keys.stream().anyMatch(k -> k.realm().equals(key.realm()) && k.kid().equals(key.kid()));
    if (!present) {
      keys.add(key);
    }
  }

  @Override
  public synchronized void retire(RealmName realm, String kid, Instant at) {
    keys.replaceAll(
        k -> k.realm().equals(realm) && k.kid().equals(kid) && k.retiredAt() == null
            ? new StoredKey(k.realm(), k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk(), k.createdAt(), at)
            : k);
  }
}
