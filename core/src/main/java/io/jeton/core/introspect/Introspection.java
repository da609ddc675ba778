package io.jeton.core.introspect;

import io.jeton.core.error.OAuthError;
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

  /**
   * The caller may not introspect at all: RFC 7662 section 2.1 requires authorisation to use the
   * endpoint, and SPEC 7 allows only an authenticated confidential client (review M2).
   */
  record Refused(OAuthError error) implements Introspection {}

  Inactive INACTIVE = new Inactive();
}
