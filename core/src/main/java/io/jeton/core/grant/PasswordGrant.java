package io.jeton.core.grant;

import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.client.Client;
import io.jeton.core.client.GrantType;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.user.LocalPasswordCheck;
import io.jeton.core.user.User;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Optional;

/**
 * RFC 6749 section 4.3, resource owner password credentials: checks the user, then creates a
 * session and its first refresh token in one transaction and signs an access token for it.
 */
public final class PasswordGrant {
  private final LocalPasswordCheck passwords;
  private final SessionStore sessions;
  private final TokenMinter minter;
  private final AuditLog audit;
  private final InstantSource clock;

  public PasswordGrant(LocalPasswordCheck passwords, SessionStore sessions, TokenMinter minter,
      AuditLog audit, InstantSource clock) {
    this.passwords = passwords;
    this.sessions = sessions;
    this.minter = minter;
    this.audit = audit;
    this.clock = clock;
  }

  public TokenOutcome issue(Realm realm, Client client, String username, String password,
      Optional<String> scope, RequestContext ctx) {
    if (client.isPublic() || !client.allows(GrantType.PASSWORD)) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT, OAuthError.Reason.GRANT_NOT_ALLOWED,
          "client '" + client.id() + "' may not use grant_type 'password'"));
    }
    Scopes.Resolution r = Scopes.resolve(scope, client.scopes(), "client '" + client.id() + "'");
    if (!r.ok()) {
      return TokenOutcome.denied(r.error());
    }
    LocalPasswordCheck.Result checked = passwords.check(realm, username, password);
    if (checked.error() != null) {
      audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.LOGIN_FAILED,
          client.id().value(), checked.user().map(u -> u.id().value()).orElse(""), "", ctx.correlationId(),
          checked.error().reason().name().toLowerCase(java.util.Locale.ROOT)));
      return TokenOutcome.denied(checked.error());
    }
    return startSession(realm, client, checked.user().get(), "password", r, ctx);
  }

  /** Creates a session for an authenticated user; shared by every way of logging in. */
  public TokenOutcome startSession(Realm realm, Client client, User user, String authService,
      Scopes.Resolution scope, RequestContext ctx) {
    Instant now = clock.instant();
    SessionId sid = new SessionId(Tokens.random(16));
    Instant sessionEnd = now.plus(realm.sessionMaxTtl());
    Session session = new Session(realm.name(), sid, user.id(), client.id(), authService,
        new HashSet<>(scope.granted()), now, sessionEnd, Optional.empty());
    String refresh = Tokens.opaque();
    Instant refreshEnd = min(now.plus(realm.refreshTokenTtl()), sessionEnd);
    sessions.create(session, RefreshToken.fresh(realm.name(), Tokens.sha256(refresh), sid, client.id(), now, refreshEnd));
    AccessClaims claims = minter.claims(realm, user.id().value(), client.id(), scope.granted(), Optional.of(sid), now);
    audit.record(new AuditEvent(realm.name().value(), now, AuditType.LOGIN_OK, client.id().value(),
        user.id().value(), sid.value(), ctx.correlationId(), authService));
    return new TokenOutcome.Issued(new IssuedTokens(minter.sign(realm, claims), claims,
        Optional.of(refresh), Optional.of(refreshEnd), Optional.of(session), Optional.of(user)));
  }

  static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
