package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.keys.StoredKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signing keys per realm, listed oldest first (then by kid) like the JDBC store. The encrypted
 * private part is an array, so it is copied in and out: a caller cannot change what is stored.
 * Every method is one critical section, so a rotation's compare-and-set is atomic as in SQL.
 */
final class MemoryKeyStore implements KeyStore {
  private static final Comparator<StoredKey> OLDEST_FIRST =
      Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::kid);

  private final Map<RealmName, List<StoredKey>> keys = new TreeMap<>(Comparator.comparing(RealmName::value));

  @Override
  public synchronized List<StoredKey> list(RealmName realm) {
    return keys.getOrDefault(realm, List.of()).stream().sorted(OLDEST_FIRST).map(MemoryKeyStore::copy).toList();
  }

  @Override
  public synchronized List<KeySchedule> schedules() {
    List<KeySchedule> out = new ArrayList<>();
    keys.values().forEach(ofRealm -> ofRealm.stream().sorted(OLDEST_FIRST).map(StoredKey::schedule).forEach(out::add));
    return out;
  }

  @Override
  public synchronized void insert(StoredKey key) {
    List<StoredKey> ofRealm = keys.computeIfAbsent(key.realm(), r -> new ArrayList<>());
    if (ofRealm.stream().noneMatch(k -> k.kid().equals(key.kid()))) {
      ofRealm.add(copy(key));
    }
  }

  @Override
  public synchronized boolean rotate(RealmName realm, String newestKid, StoredKey next, Duration retention) {
    List<StoredKey> ofRealm = keys.getOrDefault(realm, List.of());
    StoredKey newest = ofRealm.stream().max(OLDEST_FIRST).orElse(null);
    if (newest == null || !newest.kid().equals(newestKid)
        || ofRealm.stream().anyMatch(k -> k.kid().equals(next.kid()))) {
      return false;
    }
    Instant at = next.activatesAt();
    ofRealm.replaceAll(k -> k.retired(at, at.plus(retention)));
    ofRealm.add(copy(next));
    return true;
  }

  @Override
  public synchronized void retire(RealmName realm, String kid, Instant at, Instant deleteAfter) {
    keys.getOrDefault(realm, new ArrayList<>()).replaceAll(k -> k.kid().equals(kid) ? k.retired(at, deleteAfter) : k);
  }

  @Override
  public synchronized void extendRetention(RealmName realm, Duration retention) {
    keys.getOrDefault(realm, new ArrayList<>()).replaceAll(k -> k.retiredAt() == null
        || !k.deleteAfter().isBefore(k.retiredAt().plus(retention)) ? k
        : new StoredKey(k.realm(), k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk(), k.createdAt(),
            k.activatesAt(), k.retiredAt(), k.retiredAt().plus(retention)));
  }

  @Override
  public synchronized int purgeExpired(RealmName realm, Instant now, int max) {
    List<StoredKey> ofRealm = keys.getOrDefault(realm, new ArrayList<>());
    List<StoredKey> expired = ofRealm.stream()
        .filter(k -> k.deleteAfter() != null && k.deleteAfter().isBefore(now)).limit(max).toList();
    ofRealm.removeAll(expired);
    return expired.size();
  }

  private static StoredKey copy(StoredKey k) {
    return new StoredKey(k.realm(), k.kid(), k.algorithm(), k.publicJwk(), k.encryptedPrivateJwk().clone(),
        k.createdAt(), k.activatesAt(), k.retiredAt(), k.deleteAfter());
  }

  synchronized void dropRealm(RealmName realm) {
    keys.remove(realm);
  }
}
