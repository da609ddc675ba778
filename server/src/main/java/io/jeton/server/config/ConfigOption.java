package io.jeton.server.config;

import io.jeton.core.crypto.MasterKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its YAML path, type, default and one-line doc, declared once in
 * {@link ServerOptions} (STYLE.md section 7). The environment variable and command-line flag are
 * derived from the key ({@code db.poolSize} is {@code JETON_DB_POOL_SIZE} and {@code --db-pool-size}).
 *
 * @param key dotted YAML path, camelCase segments ({@code db.url})
 * @param kind how a value is parsed and checked
 * @param defaultValue the default in the same textual form a user writes ("" for none)
 * @param doc one line for the reference page
 * @param min smallest accepted integer (integers only)
 * @param max largest accepted integer (integers only)
 */
public record ConfigOption(String key, Kind kind, String defaultValue, String doc, long min, long max) {

  /** How a value is parsed and checked. */
  public enum Kind {
    STRING("string"),
    SECRET("string, secret"),
    INT("integer"),
    BOOL("boolean"),
    PATH("path"),
    PATH_LIST("list of paths"),
    HTTP_URL("http(s) URL"),
    JDBC_URL("JDBC URL"),
    MASTER_KEY("base64 of 32 bytes, secret");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static ConfigOption string(String key, String dflt, String doc) {
    return new ConfigOption(key, Kind.STRING, dflt, doc, 0, 0);
  }

  public static ConfigOption secret(String key, String doc) {
    return new ConfigOption(key, Kind.SECRET, "", doc, 0, 0);
  }

  public static ConfigOption integer(String key, long dflt, long min, long max, String doc) {
    return new ConfigOption(key, Kind.INT, Long.toString(dflt), doc, min, max);
  }

  public static ConfigOption bool(String key, boolean dflt, String doc) {
    return new ConfigOption(key, Kind.BOOL, Boolean.toString(dflt), doc, 0, 0);
  }

  public static ConfigOption of(String key, Kind kind, String dflt, String doc) {
    return new ConfigOption(key, kind, dflt, doc, 0, 0);
  }

  /** {@code JETON_} and the key in upper snake case: {@code db.poolSize} is {@code JETON_DB_POOL_SIZE}. */
  public String envName() {
    return "JETON_" + words('_').toUpperCase(Locale.ROOT);
  }

  /** The key in kebab case: {@code db.poolSize} is {@code --db-pool-size}. */
  public String flag() {
    return "--" + words('-').toLowerCase(Locale.ROOT);
  }

  /** Whether the value may be given on the command line (secrets may not: they would show in ps). */
  public boolean hasFlag() {
    return kind != Kind.SECRET && kind != Kind.MASTER_KEY;
  }

  public boolean isSecret() {
    return kind == Kind.SECRET || kind == Kind.MASTER_KEY;
  }

  private String words(char sep) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        out.append(sep);
      } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
        out.append(sep).append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Parses a textual value (environment, flag, or a YAML scalar) into its typed form: String,
   * Long, Boolean, Path, or List of Path. Throws {@link IllegalArgumentException} with a message
   * that names the value and what was expected.
   */
  public Object parse(String raw) {
    String v = raw.trim();
    return switch (kind) {
      case STRING, SECRET -> raw;
      case INT -> {
        long n;
        try {
          n = Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + v + "' is not an integer");
        }
        if (n < min || n > max) {
          throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
        }
        yield n;
      }
      case BOOL -> switch (v.toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
      };
      case PATH -> v.isEmpty() ? "" : path(v);
      case PATH_LIST -> {
        List<Path> paths = new ArrayList<>();
        for (String p : v.split(",")) {
          if (!p.isBlank()) {
            paths.add(path(p.trim()));
          }
        }
        yield List.copyOf(paths);
      }
      case HTTP_URL -> {
        if (!v.isEmpty()) {
          checkHttpUrl(v);
        }
        yield v;
      }
      case JDBC_URL -> {
        if (!v.isEmpty() && !v.startsWith("jdbc:h2:") && !v.startsWith("jdbc:postgresql:")) {
          throw new IllegalArgumentException("'" + v + "' is not a jdbc:h2: or jdbc:postgresql: URL");
        }
        yield v;
      }
      case MASTER_KEY -> {
        if (!v.isEmpty()) {
          MasterKey.fromBase64(v);
        }
        yield v;
      }
    };
  }

  private static Path path(String v) {
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + v + "' is not a valid path");
    }
  }

  private static void checkHttpUrl(String v) {
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + v + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("'" + v + "' is not an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("'" + v + "' has no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + v + "' must not have a query or fragment");
    }
  }
}
