package io.jeton.core.session;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One refresh token of a session's family, stored by hash. It is used once: rotation sets
 * {@code usedAt} and names the successor's hash, atomically with inserting the successor.
 */
public record RefreshToken(
    RealmName realm,
    TokenHash hash,
    SessionId sessionId,
    ClientId clientId,
    Instant issuedAt,
    Instant expiresAt,
    Optional<Instant> usedAt,
    Optional<TokenHash> successor) {

  public RefreshToken {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    usedAt = usedAt == null ? Optional.empty() : usedAt;
    successor = successor == null ? Optional.empty() : successor;
  }

  public static RefreshToken fresh(
      RealmName realm, TokenHash hash, SessionId session, ClientId client, Instant now, Instant exp) {
    return new RefreshToken(realm, hash, session, client, now, exp, Optional.empty(), Optional.empty());
  }
}
