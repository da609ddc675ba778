package io.jeton.dialect.wire;

import java.util.Optional;

/**
 * The token of an {@code Authorization: Bearer <token>} header, RFC 6750 section 2.1: the scheme
 * compared without regard to case (RFC 9110 section 11.1), one or more spaces, then a b64token.
 */
public final class BearerToken {
  /** The longest token accepted, in characters. */
  public static final int MAX_LENGTH = 8192;

  private BearerToken() {}

  /** The token of a Bearer header value; empty when the value is not {@code Bearer <b64token>}. */
  public static Optional<String> parse(String headerValue) {
    if (headerValue.length() < 7 || !headerValue.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return token(headerValue.substring(7).stripLeading());
  }

  /**
   * The value itself when it is a b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+"
   * / "/" ) *"="}, at most {@link #MAX_LENGTH} characters.
   */
  public static Optional<String> token(String value) {
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int i = 0;
    int n = value.length();
    while (i < n && isTokenChar(value.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return Optional.empty();
    }
    while (i < n && value.charAt(i) == '=') {
      i++;
    }
    return i == n ? Optional.of(value) : Optional.empty();
  }

  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  }
}
