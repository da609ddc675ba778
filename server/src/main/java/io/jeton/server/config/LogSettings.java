package io.jeton.server.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the process logs (SPEC 11): plain text or JSON lines on stderr, and whether each request
 * gets an access line. Applied once by the launcher ({@link io.jeton.server.Logs#apply}).
 *
 * @param format {@code log.format}
 * @param access {@code log.access}
 */
public record LogSettings(Format format, boolean access) {
  public static final LogSettings DEFAULTS = new LogSettings(Format.TEXT, false);

  public LogSettings {
    Objects.requireNonNull(format, "format");
  }

  /** The line format of {@code log.format}. */
  public enum Format {
    TEXT,
    JSON;

    /** The format named {@code text} or {@code json} (any case, trimmed); empty for anything else. */
    public static Optional<Format> parse(String name) {
      String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
      return switch (n) {
        case "text" -> Optional.of(TEXT);
        case "json" -> Optional.of(JSON);
        default -> Optional.empty();
      };
    }
  }
}
