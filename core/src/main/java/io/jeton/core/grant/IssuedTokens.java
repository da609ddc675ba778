package io.jeton.core.grant;

import io.jeton.core.session.Session;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.user.User;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful grant produced, with everything a dialect may need to render it: the access
 * token and its claims, the refresh token (raw, shown once) and its sliding expiry, and the session
 * and user it belongs to.
 */
public record IssuedTokens(
    String accessToken,
    AccessClaims claims,
    Optional<String> refreshToken,
    Optional<Instant> refreshExpiresAt,
    Optional<Session> session,
    Optional<User> user) {

  public IssuedTokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(claims, "claims");
    refreshToken = refreshToken == null ? Optional.empty() : refreshToken;
    refreshExpiresAt = refreshExpiresAt == null ? Optional.empty() : refreshExpiresAt;
    session = session == null ? Optional.empty() : session;
    user = user == null ? Optional.empty() : user;
  }

  /** RFC 6749 {@code token_type}: {@code DPoP} for a DPoP-bound token (RFC 9449 section 5). */
  public String tokenType() {
    return claims.confirmation().jkt().isPresent() ? "DPoP" : "Bearer";
  }

  public long expiresIn() {
    return claims.expiresInSeconds();
  }
}
