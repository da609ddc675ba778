package io.jeton.core.browser;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a browser session ({@code jeton_session} cookie, SPEC 9) lives: it ends after {@code
 * idle} without use and at {@code max} after the login, whichever comes first.
 */
public record BrowserSessionPolicy(Duration idle, Duration max) {
  public static final BrowserSessionPolicy DEFAULTS = new BrowserSessionPolicy(Duration.ofMinutes(30),
      Duration.ofHours(12));

  public BrowserSessionPolicy {
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(max, "max");
    if (idle.isNegative() || idle.isZero() || max.isNegative() || max.isZero()) {
      throw new IllegalArgumentException("browser session lifetimes must be positive");
    }
  }
}
