package io.jeton.client;

import java.util.Objects;

/**
 * An access token as the token endpoint issued it (RFC 6749 section 5.1): the value, its {@code
 * token_type} and the granted {@code scope} (empty when the answer named none). {@code toString}
 * never shows the value.
 */
public record AccessToken(String value, String tokenType, String scope) {
  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(scope, "scope");
  }

  /** The {@code Authorization} header value for a resource request: {@code Bearer <token>} (RFC 6750 section 2.1). */
  public String authorization() {
    return tokenType + " " + value;
  }

  @Override
  public String toString() {
    return "AccessToken[" + tokenType + ", scope=" + scope + "]";
  }
}
