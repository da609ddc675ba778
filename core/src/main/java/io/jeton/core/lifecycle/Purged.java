package io.jeton.core.lifecycle;

/**
 * What one round of the purge job deleted, by kind of row, and in how many realms it rotated the
 * signing keys ({@code keyRotations}).
 */
public record Purged(long sessions, long refreshTokens, long revocations, long auditEvents, long lockouts,
    long replays, long signingKeys, long keyRotations) {
  public static final Purged NOTHING = new Purged(0, 0, 0, 0, 0, 0, 0, 0);

  public Purged plus(Purged o) {
    return new Purged(sessions + o.sessions, refreshTokens + o.refreshTokens, revocations + o.revocations,
        auditEvents + o.auditEvents, lockouts + o.lockouts, replays + o.replays, signingKeys + o.signingKeys,
        keyRotations + o.keyRotations);
  }

  /** Rows deleted, of every kind (rotations are not deletions). */
  public long total() {
    return sessions + refreshTokens + revocations + auditEvents + lockouts + replays + signingKeys;
  }
}
