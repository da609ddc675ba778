package io.jeton.core.lockout;

/** What {@code bin/jeton user unlock} did (SPEC 7 and 11). */
public enum Unlock {
  /** The user had failed logins or a lock; both are gone. */
  LIFTED,
  /** The user had nothing to forget. */
  NOTHING_TO_LIFT,
  /** No user of that name in the realm (SPEC 11: exit status 3). */
  NO_SUCH_USER
}
