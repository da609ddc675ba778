package io.jeton.core.realm;

import java.util.Locale;

/**
 * The JOSE {@code typ} header of a realm's access tokens (SPEC section 1, the access-token row).
 * RFC 9068 section 2.1: access tokens "MUST include this media type in the typ header parameter"
 * ({@code at+jwt}), the default; {@code JWT} is for resource servers whose default verifiers
 * accept nothing else, such as Spring Security 7's {@code JwtTypeValidator.jwt()} and Nimbus's
 * {@code DefaultJWTProcessor} (docs/integrations.md).
 */
public enum AccessTokenTyp {
  /** RFC 9068's {@code application/at+jwt}, in the short form section 2.1 asks for. */
  AT_JWT("at+jwt"),
  /** RFC 7519 section 5.1's {@code JWT}, what Keycloak sends and what most default verifiers expect. */
  JWT("JWT");

  private final String value;

  AccessTokenTyp(String value) {
    this.value = value;
  }

  /** The header value exactly as Jeton sends it. */
  public String value() {
    return value;
  }

  /**
   * Parses a configured value; case-insensitively, as RFC 7515 section 4.1.9 compares media types
   * ("at+JWT" is {@link #AT_JWT}). Throws on anything else, with the value and the choices.
   */
  public static AccessTokenTyp parse(String value) {
    for (AccessTokenTyp t : values()) {
      if (t.value.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("accessTokenTyp '" + value + "' is not one of at+jwt, JWT");
  }
}
