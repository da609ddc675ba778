package io.jeton.core.session;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One login (SPEC section 1): its user, client, authentication service, scope, creation time and
 * absolute expiry (AGS {@code fixed_refresh_expires_in}). Every access token of the session
 * carries its id as {@code sid}.
 *
 * @param resources the resource indicators granted at login (RFC 8707), the audience of its
 *     access tokens; a refresh may narrow them, never widen. Empty: the realm's audience.
 */
public record Session(
    RealmName realm,
    SessionId id,
    UserId userId,
    ClientId clientId,
    String authService,
    Set<String> scope,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> revokedAt,
    List<String> resources) {

  public Session {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    authService = authService == null ? "" : authService;
    scope = scope == null ? Set.of() : Set.copyOf(scope);
    revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** A session without resource indicators: its tokens have the realm's audience. */
  public Session(RealmName realm, SessionId id, UserId userId, ClientId clientId, String authService,
      Set<String> scope, Instant createdAt, Instant expiresAt, Optional<Instant> revokedAt) {
    this(realm, id, userId, clientId, authService, scope, createdAt, expiresAt, revokedAt, List.of());
  }

  /** Whether the session can still be used at {@code now}. */
  public boolean isLive(Instant now) {
    return revokedAt.isEmpty() && now.isBefore(expiresAt);
  }
}
