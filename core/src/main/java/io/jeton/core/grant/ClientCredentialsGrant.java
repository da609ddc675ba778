package io.jeton.core.grant;

import io.jeton.core.Caller;
import io.jeton.core.client.Client;
import io.jeton.core.client.GrantType;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.realm.Realm;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.Confirmation;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * RFC 6749 section 4.4. The hot path: no database write and no read (the client is cached); the
 * cost is one signature. No refresh token: section 4.4.3 "A refresh token SHOULD NOT be included".
 */
public final class ClientCredentialsGrant {
  private final TokenMinter minter;
  private final InstantSource clock;

  public ClientCredentialsGrant(TokenMinter minter, InstantSource clock) {
    this.minter = minter;
    this.clock = clock;
  }

  /** Only for a confidential client that proved its secret (RFC 6749 section 4.4). */
  public TokenOutcome issue(Realm realm, Caller caller, Optional<String> scope) {
    return issue(realm, caller, scope, List.of());
  }

  /** The same, for the resource indicators {@code resources} (RFC 8707), each one the client's. */
  public TokenOutcome issue(Realm realm, Caller caller, Optional<String> scope, List<String> resources) {
    return issue(realm, caller, scope, resources, Confirmation.NONE);
  }

  /** The same, the access token bound to {@code cnf} (a DPoP key, RFC 9449). */
  public TokenOutcome issue(Realm realm, Caller caller, Optional<String> scope, List<String> resources,
      Confirmation cnf) {
    Client client = caller.client();
    if (!(caller instanceof Caller.Authenticated) || !client.allows(GrantType.CLIENT_CREDENTIALS)) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT, OAuthError.Reason.GRANT_NOT_ALLOWED,
          "client '" + client.id() + "' may not use grant_type 'client_credentials'"));
    }
    Scopes.Resolution r = Scopes.resolve(scope, client.scopes(), "client '" + client.id() + "'");
    if (!r.ok()) {
      return TokenOutcome.denied(r.error());
    }
    Resources.Resolution target = Resources.resolve(resources, client.resources(), "client '" + client.id() + "'");
    if (!target.ok()) {
      return TokenOutcome.denied(target.error());
    }
    AccessClaims claims = minter.bound(minter.claims(realm, client.id().value(), client.id(), r.granted(),
        Optional.empty(), clock.instant(), target.granted()).withConfirmation(cnf), caller);
    return new TokenOutcome.Issued(new IssuedTokens(minter.sign(realm, claims), claims, null, null, null, null));
  }
}
