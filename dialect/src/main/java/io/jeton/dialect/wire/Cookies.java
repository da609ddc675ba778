package io.jeton.dialect.wire;

import java.util.Optional;

/** Reading the request's {@code Cookie} header and writing {@code Set-Cookie} (RFC 6265). */
public final class Cookies {
  /** The browser session cookie of the login page (SPEC 9). */
  public static final String SESSION = "jeton_session";

  private Cookies() {}

  /** The value of cookie {@code name} in the request; empty when absent or sent more than once. */
  public static Optional<String> get(WireHeaders headers, String name) {
    // RFC 6265 section 5.4: a user agent sends one Cookie header; a second one is not read
    Optional<String> header = headers.first("Cookie");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> found = Optional.empty();
    int count = 0;
    for (String part : header.get().split(";")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).equals(name)) {
        found = Optional.of(p.substring(eq + 1));
        count++;
      }
    }
    return count == 1 ? found : Optional.empty();
  }

  /** {@code Set-Cookie} of a host-only, HttpOnly, SameSite=Lax cookie; {@code Secure} over TLS. */
  public static String set(String name, String value, String path, long maxAgeSeconds, boolean secure) {
    return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  /** {@code Set-Cookie} that deletes the cookie. */
  public static String clear(String name, String path, boolean secure) {
    return set(name, "", path, 0, secure);
  }
}
