package io.jeton.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of an access token that {@link AccessTokenVerifier} accepted (RFC 9068 section 2.2):
 * the named ones typed, every claim in {@link #claims()}.
 */
public record VerifiedAccessToken(
    String issuer,
    String subject,
    List<String> audience,
    Instant expiresAt,
    Optional<Instant> issuedAt,
    Optional<String> jwtId,
    Optional<String> clientId,
    List<String> scopes,
    Optional<String> sessionId,
    Confirmation confirmation,
    String keyId,
    Map<String, Object> claims) {
  public VerifiedAccessToken {
    audience = List.copyOf(audience);
    scopes = List.copyOf(scopes);
  }

  /** Whether the token carries this scope. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }
}
