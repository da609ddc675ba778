package io.jeton.core.realm;

import java.time.Duration;

/**
 * How a realm's signing keys rotate (SPEC 10, "Keys"): a new key is made every {@link #rotation}
 * (0 = only on demand), published at once, and signs only {@link #publish} later, so that every
 * node's JWKS, and every resource server's cached copy of it, has the key before a token signed
 * with it exists.
 *
 * @param rotation how long a key is the newest before the purge job rotates it; zero turns the
 *     scheduled rotation off ({@code keyRotationDays: 0})
 * @param publish how long a new key is published before it signs ({@code keyPublishSeconds})
 */
public record KeyPolicy(Duration rotation, Duration publish) {
  /** The longest {@link #rotation} accepted: ten years. */
  public static final Duration MAX_ROTATION = Duration.ofDays(3650);
  /** The longest {@link #publish} accepted: a week. */
  public static final Duration MAX_PUBLISH = Duration.ofDays(7);
  /** The longest JWKS {@code Cache-Control: max-age}, whatever {@link #publish} is. */
  public static final Duration MAX_JWKS_CACHE = Duration.ofSeconds(300);
  /** SPEC 10: {@code keyRotationDays} 30, {@code keyPublishSeconds} 600. */
  public static final KeyPolicy DEFAULTS = new KeyPolicy(Duration.ofDays(30), Duration.ofSeconds(600));

  public KeyPolicy {
    if (rotation == null || rotation.isNegative() || rotation.compareTo(MAX_ROTATION) > 0) {
      throw new IllegalArgumentException("keyRotationDays must be 0 (off) to " + MAX_ROTATION.toDays() + ", got "
          + (rotation == null ? "none" : rotation.toDays()));
    }
    if (publish == null || publish.compareTo(Duration.ofSeconds(1)) < 0 || publish.compareTo(MAX_PUBLISH) > 0) {
      throw new IllegalArgumentException("keyPublishSeconds must be 1 to " + MAX_PUBLISH.toSeconds() + ", got "
          + (publish == null ? "none" : publish.toSeconds()));
    }
    if (!rotation.isZero() && publish.compareTo(rotation) >= 0) {
      throw new IllegalArgumentException("keyPublishSeconds (" + publish.toSeconds()
          + ") must be shorter than keyRotationDays (" + rotation.toSeconds() + " s)");
    }
  }

  /** Whether the purge job rotates the realm's keys on a schedule. */
  public boolean rotates() {
    return !rotation.isZero();
  }

  /**
   * The {@code max-age} of the realm's JWKS responses: half of {@link #publish}, at most {@link
   * #MAX_JWKS_CACHE}. SPEC 10: "no longer than {@code keyPublishSeconds}"; half of it leaves the
   * other half for the nodes to load a new key before a resource server's copy can be stale (see
   * {@code docs/keys.md}).
   */
  public long jwksMaxAgeSeconds() {
    return Math.min(publish.toSeconds() / 2, MAX_JWKS_CACHE.toSeconds());
  }
}
