package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.replay.ReplayStore;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One-use identifiers in a map; {@code putIfAbsent} is the atomic first use. */
final class MemoryReplayStore implements ReplayStore {
  private record Key(RealmName realm, Kind kind, String jti) {}

  private final Map<Key, Instant> used = new ConcurrentHashMap<>();

  @Override
  public boolean firstUse(RealmName realm, Kind kind, String jti, Instant expiresAt) {
    return used.putIfAbsent(new Key(realm, kind, jti), expiresAt) == null;
  }

  @Override
  public int purgeExpired(RealmName realm, Instant now, int max) {
    int n = 0;
    for (Iterator<Map.Entry<Key, Instant>> it = used.entrySet().iterator(); it.hasNext() && n < max; ) {
      Map.Entry<Key, Instant> e = it.next();
      if (e.getKey().realm().equals(realm) && e.getValue().isBefore(now)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  void dropRealm(RealmName realm) {
    used.keySet().removeIf(k -> k.realm().equals(realm));
  }
}
