package io.jeton.core.realm;

import java.time.Duration;

/**
 * A realm's brute-force defence (SPEC 7, review H2).
 *
 * @param maxFailures consecutive failed password checks of one username before it is locked; 0
 *     turns the user lockout off
 * @param lock how long the first lock lasts; each further lock doubles it
 * @param maxLock the longest lock; also how long a username must stay quiet before its failures
 *     and its lock doubling are forgotten
 * @param clientMaxFailures failed client authentications of one client from one address in a
 *     minute before that address gets 429 for that client; 0 turns it off
 */
public record LockoutPolicy(int maxFailures, Duration lock, Duration maxLock, int clientMaxFailures) {
  /** The largest counts and lock accepted (a lock of more than a day is an outage, not a defence). */
  public static final int MAX_COUNT = 1000;
  public static final Duration MAX_LOCK = Duration.ofDays(1);
  /** SPEC 7: {@code {maxFailures: 5, lockSeconds: 60, maxLockSeconds: 900}}, clientMaxFailures 20. */
  public static final LockoutPolicy DEFAULTS = new LockoutPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(900), 20);

  public LockoutPolicy {
    if (maxFailures < 0 || maxFailures > MAX_COUNT) {
      throw new IllegalArgumentException("lockout.maxFailures must be 0 (off) to " + MAX_COUNT + ", got " + maxFailures);
    }
    if (clientMaxFailures < 0 || clientMaxFailures > MAX_COUNT) {
      throw new IllegalArgumentException(
          "lockout.clientMaxFailures must be 0 (off) to " + MAX_COUNT + ", got " + clientMaxFailures);
    }
    if (lock == null || lock.isNegative() || lock.isZero() || lock.compareTo(MAX_LOCK) > 0) {
      throw new IllegalArgumentException("lockout.lockSeconds must be 1 to " + MAX_LOCK.toSeconds() + ", got "
          + (lock == null ? "none" : lock.toSeconds()));
    }
    if (maxLock == null || maxLock.compareTo(lock) < 0 || maxLock.compareTo(MAX_LOCK) > 0) {
      throw new IllegalArgumentException("lockout.maxLockSeconds must be lockSeconds (" + lock.toSeconds() + ") to "
          + MAX_LOCK.toSeconds() + ", got " + (maxLock == null ? "none" : maxLock.toSeconds()));
    }
  }

  public boolean locksUsers() {
    return maxFailures > 0;
  }

  /** The length of lock number {@code n} (1 for the first): {@link #lock} doubled, at most {@link #maxLock}. */
  public Duration lockNumber(int n) {
    Duration d = lock;
    for (int i = 1; i < n && d.compareTo(maxLock) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxLock) > 0 ? maxLock : d;
  }
}
