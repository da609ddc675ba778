package io.jeton.core.token;

import io.jeton.core.ClientId;
import io.jeton.core.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of a JWT access token, RFC 9068 section 2.2: {@code iss}, {@code sub}, {@code aud},
 * {@code exp}, {@code iat}, {@code jti}, {@code client_id}, {@code scope} and, for user sessions,
 * {@code sid}; {@code cnf} for a sender-constrained token. Kept minimal so that a token fits
 * comfortably in a header.
 *
 * @param scope granted scopes in a stable order
 * @param confirmation what the token is bound to ({@code cnf}); {@link Confirmation#NONE} for a
 *     bearer token
 */
public record AccessClaims(
    String issuer,
    String subject,
    List<String> audience,
    Instant expiresAt,
    Instant issuedAt,
    String jti,
    ClientId clientId,
    List<String> scope,
    Optional<SessionId> sessionId,
    Confirmation confirmation) {

  public AccessClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(clientId, "clientId");
    audience = audience == null ? List.of() : List.copyOf(audience);
    scope = scope == null ? List.of() : List.copyOf(scope);
    sessionId = sessionId == null ? Optional.empty() : sessionId;
    confirmation = confirmation == null ? Confirmation.NONE : confirmation;
  }

  /** A bearer token's claims. */
  public AccessClaims(String issuer, String subject, List<String> audience, Instant expiresAt, Instant issuedAt,
      String jti, ClientId clientId, List<String> scope, Optional<SessionId> sessionId) {
    this(issuer, subject, audience, expiresAt, issuedAt, jti, clientId, scope, sessionId, Confirmation.NONE);
  }

  /** The same claims, bound to {@code cnf}. */
  public AccessClaims withConfirmation(Confirmation cnf) {
    return new AccessClaims(issuer, subject, audience, expiresAt, issuedAt, jti, clientId, scope, sessionId, cnf);
  }

  /** Scopes joined by spaces, as the {@code scope} claim and RFC 6749 responses carry them. */
  public String scopeString() {
    return String.join(" ", scope);
  }

  public long expiresInSeconds() {
    return expiresAt.getEpochSecond() - issuedAt.getEpochSecond();
  }
}
