package io.jeton.core.browser;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An authorization code (RFC 6749 section 4.1.2), stored under its SHA-256 only, with what it
 * was issued for: the client, the exact redirect URI, the PKCE challenge (RFC 7636, S256), the
 * granted scope and resources, the user and the browser session that signed in.
 */
public record AuthorizationCode(RealmName realm, TokenHash hash, ClientId clientId, String redirectUri,
    String codeChallenge, List<String> scope, List<String> resources, UserId userId, String authService,
    TokenHash browserSession, Instant expiresAt) {
  public AuthorizationCode {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(browserSession, "browserSession");
    Objects.requireNonNull(expiresAt, "expiresAt");
    scope = scope == null ? List.of() : List.copyOf(scope);
    resources = resources == null ? List.of() : List.copyOf(resources);
    authService = authService == null ? "" : authService;
  }
}
