package io.jeton.core.lockout;

import io.jeton.core.realm.LockoutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The failure counter of one username in one realm, and the rules that move it; every store keeps
 * this row and applies these rules under its own row lock, so the arithmetic is written once.
 *
 * <p>An attempt must be admitted ({@link #begin}) before its password is checked, and it is
 * admitted only while the confirmed failures plus the attempts still being checked stay under
 * {@code maxFailures}: that is what keeps N parallel guesses from all being evaluated. An attempt
 * that finds no room is told to wait ({@link Attempt.Busy}) for the running ones to end. Each
 * ends with {@link #failed} (counted; the one that reaches the limit sets the lock), a success
 * (the row is deleted) or {@link #released} (could not be evaluated: hashing pool full, directory
 * down). Running attempts older than {@link #PENDING_TIMEOUT} are forgotten, so a process killed
 * in the middle of a check cannot block a user for longer than that.
 *
 * @param failures confirmed failed checks since the last success or lock end
 * @param pending attempts admitted and not ended yet
 * @param pendingSince when the last attempt was admitted
 * @param locks how many locks in a row, for the doubling; 0 once forgotten
 * @param lockedUntil when the current or last lock ends, if there was one
 * @param forgetAt when the whole row may be forgotten (and purged): {@code maxLock} after the
 *     last failure or the end of the lock, whichever is later
 */
public record LockoutState(int failures, int pending, Instant pendingSince, int locks, Optional<Instant> lockedUntil,
    Instant forgetAt) {
  /** Longer than any check can take (hashing queue wait, LDAP connect and response timeouts). */
  public static final Duration PENDING_TIMEOUT = Duration.ofSeconds(60);
  public static final LockoutState FRESH = new LockoutState(0, 0, Instant.EPOCH, 0, Optional.empty(), Instant.EPOCH);

  public LockoutState {
    lockedUntil = lockedUntil == null ? Optional.empty() : lockedUntil;
  }

  /** What {@link #begin} decided for one attempt. */
  public sealed interface Attempt {
    /** Check the password now. */
    record Evaluate() implements Attempt {}

    /** Others are being checked and may use up the allowance: ask again when they have ended. */
    record Busy() implements Attempt {}

    /** Do not check it: locked until {@code until}; answer as for a wrong password. */
    record Refused(Instant until) implements Attempt {}
  }

  /** The state to store, and what it means for the caller. */
  public record Step<T>(LockoutState next, T result) {}

  public boolean lockedAt(Instant now) {
    return lockedUntil.filter(now::isBefore).isPresent();
  }

  public Step<Attempt> begin(LockoutPolicy policy, Instant at) {
    Instant now = millis(at);
    LockoutState s = current(now);
    if (s.lockedAt(now)) {
      return new Step<>(s, new Attempt.Refused(s.lockedUntil.get()));
    }
    if (s.failures + s.pending >= policy.maxFailures()) {
      return new Step<>(s, new Attempt.Busy());
    }
    return new Step<>(new LockoutState(s.failures, s.pending + 1, now, s.locks, s.lockedUntil,
        later(s.forgetAt, now.plus(policy.maxLock()))), new Attempt.Evaluate());
  }

  /** An admitted attempt whose password was wrong; the result is the lock it set, if it set one. */
  public Step<Optional<Instant>> failed(LockoutPolicy policy, Instant at) {
    Instant now = millis(at);
    LockoutState s = current(now);
    int pending = Math.max(0, s.pending - 1);
    int failures = s.failures + 1;
    if (s.lockedAt(now) || failures < policy.maxFailures()) {
      return new Step<>(new LockoutState(Math.min(failures, policy.maxFailures()), pending, s.pendingSince, s.locks,
          s.lockedUntil, later(s.forgetAt, now.plus(policy.maxLock()))), Optional.empty());
    }
    int locks = s.locks + 1;
    Instant until = now.plus(policy.lockNumber(locks));
    return new Step<>(new LockoutState(failures, pending, s.pendingSince, locks, Optional.of(until),
        until.plus(policy.maxLock())), Optional.of(until));
  }

  /** An admitted attempt that could not be evaluated: it no longer takes room. */
  public LockoutState released() {
    return new LockoutState(failures, Math.max(0, pending - 1), pendingSince, locks, lockedUntil, forgetAt);
  }

  /** This state at {@code now}: forgotten after a quiet period, stale attempts dropped, an ended lock closed. */
  private LockoutState current(Instant now) {
    if (!now.isBefore(forgetAt)) {
      return FRESH;
    }
    int live = now.isBefore(pendingSince.plus(PENDING_TIMEOUT)) ? pending : 0;
    if (lockedUntil.isPresent() && !lockedAt(now)) {
      return new LockoutState(0, live, pendingSince, locks, Optional.empty(), forgetAt); // a new count begins
    }
    return new LockoutState(failures, live, pendingSince, locks, lockedUntil, forgetAt);
  }

  private static Instant millis(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS); // what every store keeps
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
