package io.jeton.bench;

import io.jeton.core.RealmName;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.keys.StoredKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link KeyStore} held in memory, so that the signing and verification benchmarks measure the
 * JOSE work alone and no database (keys are loaded once and then served from the key ring).
 */
public final class InMemoryKeyStore implements KeyStore {
  private static final Comparator<StoredKey> OLDEST_FIRST =
      Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::kid);

  private final List<StoredKey> keys = new CopyOnWriteArrayList<>();

  @Override
  public List<StoredKey> list(RealmName realm) {
    return keys.stream().filter(k -> k.realm().equals(realm)).sorted(OLDEST_FIRST).toList();
  }

  @Override
  public List<KeySchedule> schedules() {
    return keys.stream().sorted(Comparator.comparing((StoredKey k) -> k.realm().value()).thenComparing(OLDEST_FIRST))
        .map(StoredKey::schedule).toList();
  }

  @Override
  public synchronized void insert(StoredKey key) {
    boolean present = keys.stream().anyMatch(k -> k.realm().equals(key.realm()) && k.kid().equals(key.kid()));
    if (!present) {
      keys.add(key);
    }
  }

  @Override
  public synchronized boolean rotate(RealmName realm, String newestKid, StoredKey next, Duration retention) {
    List<StoredKey> ofRealm = list(realm);
    if (ofRealm.isEmpty() || !ofRealm.getLast().kid().equals(newestKid)) {
      return false;
    }
    Instant at = next.activatesAt();
    keys.replaceAll(k -> k.realm().equals(realm) ? k.retired(at, at.plus(retention)) : k);
    keys.add(next);
    return true;
  }

  @Override
  public synchronized void retire(RealmName realm, String kid, Instant at, Instant deleteAfter) {
    keys.replaceAll(k -> k.realm().equals(realm) && k.kid().equals(kid) ? k.retired(at, deleteAfter) : k);
  }

  @Override
  public void extendRetention(RealmName realm, Duration retention) {
    // benchmarks never import a realm
  }

  @Override
  public synchronized int purgeExpired(RealmName realm, Instant now, int max) {
    List<StoredKey> expired = list(realm).stream()
        .filter(k -> k.deleteAfter() != null && k.deleteAfter().isBefore(now)).limit(max).toList();
    keys.removeAll(expired);
    return expired.size();
  }
}
