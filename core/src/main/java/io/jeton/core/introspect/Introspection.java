package io.jeton.core.introspect;

import io.jeton.core.token.AccessClaims;
import java.util.Optional;

/** RFC 7662 section 2.2: a token is active with its claims, or simply inactive. */
public sealed interface Introspection {
  /**
   * @param tokenType {@code access_token} or {@code refresh_token}
   * @param username the user's username for user tokens, when known
   */
  record Active(AccessClaims claims, String tokenType, Optional<String> username) implements Introspection {}

  record Inactive() implements Introspection {}

  Inactive INACTIVE = new Inactive();
}
