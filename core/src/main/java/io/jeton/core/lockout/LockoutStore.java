package io.jeton.core.lockout;

import io.jeton.core.RealmName;
import io.jeton.core.realm.LockoutPolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * The failure counters of the user lockout (SPEC 7), one row per realm and username. Every
 * method is atomic across threads and nodes: each reads and writes the row under a lock held for
 * the whole step, so two parallel attempts never see the same count.
 */
public interface LockoutStore {
  /** Applies {@link LockoutState#begin} to the username's row (a fresh one if none) and stores the result. */
  LockoutState.Attempt begin(RealmName realm, String username, LockoutPolicy policy, Instant now);

  /** Applies {@link LockoutState#failed} (to a fresh row if none is left) and stores it; the lock it set. */
  Optional<Instant> failed(RealmName realm, String username, LockoutPolicy policy, Instant now);

  /** Applies {@link LockoutState#released} to the row, if it still exists. */
  void release(RealmName realm, String username);

  /** Forgets the username's failures and lock (a success, or {@code bin/jeton user unlock}); whether a row existed. */
  boolean clear(RealmName realm, String username);

  Optional<LockoutState> find(RealmName realm, String username);

  /** Purge: deletes up to {@code max} rows of the realm that may be forgotten at {@code now}; how many. */
  int purgeForgotten(RealmName realm, Instant now, int max);
}
