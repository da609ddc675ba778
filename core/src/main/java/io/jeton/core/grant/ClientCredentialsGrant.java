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
    return issue(realm, caller, scope, Confirmation.NONE);
  }

  /** As {@link #issue(Realm, Caller, Optional)}, the access token bound to {@code cnf}. */
  public TokenOutcome issue(Realm realm, Caller caller, Optional<String> scope, Confirmation cnf) {
    Client client = caller.client();
    if (!(caller instanceof Caller.Authenticated) || !client.allows(GrantType.CLIENT_CREDENTIALS)) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT, OAuthError.Reason.GRANT_NOT_ALLOWED,
          "client '" + client.id() + "' may not use grant_type 'client_credentials'"));
    }
    Scopes.Resolution r = Scopes.resolve(scope, client.scopes(), "client '" + client.id() + "'");
    if (!r.ok()) {
      return TokenOutcome.denied(r.error());
    }
    AccessClaims claims = minter.claims(realm, client.id().value(), client.id(), r.granted(), Optional.empty(),
        clock.instant()).withConfirmation(cnf);
    return new TokenOutcome.Issued(new IssuedTokens(minter.sign(realm, claims), claims, null, null, null, null));
  }
}
