package io.jeton.core.memory;

import io.jeton.core.RealmName;
import io.jeton.core.lockout.LockoutState;
import io.jeton.core.lockout.LockoutStore;
import io.jeton.core.realm.LockoutPolicy;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Lockout counters in a map; each step is one atomic {@code compute} on the username's entry. */
final class MemoryLockoutStore implements LockoutStore {
  private record Key(RealmName realm, String username) {}

  private final Map<Key, LockoutState> rows = new ConcurrentHashMap<>();

  @Override
  public LockoutState.Attempt begin(RealmName realm, String username, LockoutPolicy policy, Instant now) {
    return step(realm, username, s -> s.begin(policy, now));
  }

  @Override
  public Optional<Instant> failed(RealmName realm, String username, LockoutPolicy policy, Instant now) {
    return step(realm, username, s -> s.failed(policy, now));
  }

  private <T> T step(RealmName realm, String username, Function<LockoutState, LockoutState.Step<T>> rule) {
    Object[] out = new Object[1];
    rows.compute(new Key(realm, username), (k, state) -> {
      LockoutState.Step<T> step = rule.apply(state == null ? LockoutState.FRESH : state);
      out[0] = step.result();
      return step.next();
    });
    @SuppressWarnings("unchecked")
    T result = (T) out[0];
    return result;
  }

  @Override
  public void release(RealmName realm, String username) {
    rows.computeIfPresent(new Key(realm, username), (k, state) -> state.released());
  }

  @Override
  public boolean clear(RealmName realm, String username) {
    return rows.remove(new Key(realm, username)) != null;
  }

  @Override
  public Optional<LockoutState> find(RealmName realm, String username) {
    return Optional.ofNullable(rows.get(new Key(realm, username)));
  }

  @Override
  public int purgeForgotten(RealmName realm, Instant now, int max) {
    int n = 0;
    for (Iterator<Map.Entry<Key, LockoutState>> it = rows.entrySet().iterator(); it.hasNext() && n < max; ) {
      Map.Entry<Key, LockoutState> e = it.next();
      if (e.getKey().realm().equals(realm) && !now.isBefore(e.getValue().forgetAt())) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  void drop(RealmName realm, String username) {
    rows.remove(new Key(realm, username));
  }

  void dropRealm(RealmName realm) {
    rows.keySet().removeIf(k -> k.realm().equals(realm));
  }
}
