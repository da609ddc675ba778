package io.jeton.core.realm;

import java.util.Locale;

/** The JWS algorithm a realm signs its access tokens with (RFC 7518; EdDSA per RFC 8037). */
public enum SigningAlgorithm {
  ES256,
  RS256,
  EdDSA,
  HS256;

  /** Parses a name case-insensitively ("es256", "EdDSA"); throws on an unknown one. */
  public static SigningAlgorithm parse(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "signingAlgorithm '" + name + "' is not one of ES256, RS256, EdDSA, HS256");
  }

  /** Whether tokens signed this way can be verified with the published JWKS. */
  public boolean isAsymmetric() {
    return this != HS256;
  }
}
