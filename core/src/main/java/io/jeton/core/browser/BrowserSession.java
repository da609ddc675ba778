package io.jeton.core.browser;

import io.jeton.core.RealmName;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One sign-in at a realm's login page (SPEC 9): the user, stored under the SHA-256 of the cookie
 * value only, with an idle and an absolute expiry. The Jeton sessions issued from it are linked
 * to it ({@link BrowserStore#link}) and revoked with it.
 */
public record BrowserSession(RealmName realm, TokenHash hash, UserId userId, String authService, Instant createdAt,
    Instant expiresAt, Instant idleExpiresAt, Optional<Instant> endedAt) {
  public BrowserSession {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
    authService = authService == null ? "" : authService;
    endedAt = endedAt == null ? Optional.empty() : endedAt;
  }

  /** Not ended, not idle too long, not past its absolute expiry. */
  public boolean isLive(Instant now) {
    return endedAt.isEmpty() && now.isBefore(expiresAt) && now.isBefore(idleExpiresAt);
  }
}
