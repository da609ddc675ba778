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
 *
 * @param dpopJkt the DPoP key a public client's refresh token is bound to (RFC 9449 section 5): the
 *     key's RFC 7638 thumbprint; a refresh then needs a proof by that key
 */
public record RefreshToken(
    RealmName realm,
    TokenHash hash,
    SessionId sessionId,
    ClientId clientId,
    Instant issuedAt,
    Instant expiresAt,
    Optional<Instant> usedAt,
    Optional<TokenHash> successor,
    Optional<String> dpopJkt) {

  public RefreshToken {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    usedAt = usedAt == null ? Optional.empty() : usedAt;
    successor = successor == null ? Optional.empty() : successor;
    dpopJkt = dpopJkt == null ? Optional.empty() : dpopJkt.filter(s -> !s.isEmpty());
  }

  /** A token bound to no DPoP key. */
  public RefreshToken(RealmName realm, TokenHash hash, SessionId sessionId, ClientId clientId, Instant issuedAt,
      Instant expiresAt, Optional<Instant> usedAt, Optional<TokenHash> successor) {
    this(realm, hash, sessionId, clientId, issuedAt, expiresAt, usedAt, successor, Optional.empty());
  }

  /** The same token, used at {@code at} with successor {@code next}: what rotation stores. */
  public RefreshToken withUse(Instant at, TokenHash next) {
    return new RefreshToken(realm, hash, sessionId, clientId, issuedAt, expiresAt, Optional.of(at), Optional.of(next),
        dpopJkt);
  }

  /** The same token, bound to the DPoP key with thumbprint {@code jkt} (none when empty). */
  public RefreshToken boundTo(Optional<String> jkt) {
    return new RefreshToken(realm, hash, sessionId, clientId, issuedAt, expiresAt, usedAt, successor, jkt);
  }

  public static RefreshToken fresh(
      RealmName realm, TokenHash hash, SessionId session, ClientId client, Instant now, Instant exp) {
    return new RefreshToken(realm, hash, session, client, now, exp, Optional.empty(), Optional.empty());
  }
}
