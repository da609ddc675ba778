package io.jeton.core.grant;

import io.jeton.core.Caller;
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
import io.jeton.core.session.SessionCap;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.Confirmation;
import io.jeton.core.auth.AuthService;
import io.jeton.core.auth.AuthServices;
import io.jeton.core.auth.LoginGuard;
import io.jeton.core.user.User;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6749 section 4.3, resource owner password credentials, and its generalisation to any
 * authentication service (AGS signon): checks the user with the chosen service (the realm's
 * first one for the standard grant), then creates a session and its first refresh token in one
 * transaction and signs an access token for it.
 */
public final class PasswordGrant {
  private final AuthServices services;
  private final LoginGuard guard;
  private final SessionCap sessions;
  private final TokenMinter minter;
  private final AuditLog audit;
  private final InstantSource clock;

  public PasswordGrant(AuthServices services, LoginGuard guard, SessionCap sessions, TokenMinter minter,
      AuditLog audit, InstantSource clock) {
    this.services = services;
    this.guard = guard;
    this.sessions = sessions;
    this.minter = minter;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The standard grant, with the realm's first authentication service: only for a confidential
   * client that proved its secret (RFC 6749 section 4.3.2: the server MUST "require client
   * authentication for confidential clients"; a public client proves nothing, SPEC 7).
   */
  public TokenOutcome issue(Realm realm, Caller caller, String username, String password,
      Optional<String> scope, RequestContext ctx) {
    return issue(realm, caller, username, password, scope, List.of(), ctx);
  }

  /** The same, for the resource indicators {@code resources} (RFC 8707), kept with the session. */
  public TokenOutcome issue(Realm realm, Caller caller, String username, String password,
      Optional<String> scope, List<String> resources, RequestContext ctx) {
    return issue(realm, caller, username, password, scope, resources, ctx, Confirmation.NONE);
  }

  /** The same, the access token bound to {@code cnf} (and a public client's refresh token to its DPoP key). */
  public TokenOutcome issue(Realm realm, Caller caller, String username, String password,
      Optional<String> scope, List<String> resources, RequestContext ctx, Confirmation cnf) {
    if (!(caller instanceof Caller.Authenticated)) {
      return notAllowed(caller.client());
    }
    AuthService first = services.of(realm).get(0);
    return login(realm, caller, first.id(), Map.of("username", username, "password", password), scope,
        resources, ctx, cnf);
  }

  /**
   * Logs a user in with the realm's authentication service {@code serviceId} for {@code caller}:
   * an authenticated confidential client, or the client a realm names for a client-less dialect;
   * never a public client, which needs a flow without the user's password (SPEC 7). The client
   * must allow the password grant (direct credential logins).
   */
  public TokenOutcome login(Realm realm, Caller caller, String serviceId, Map<String, String> parameters,
      Optional<String> scope, RequestContext ctx) {
    return login(realm, caller, serviceId, parameters, scope, List.of(), ctx, Confirmation.NONE);
  }

  private TokenOutcome login(Realm realm, Caller caller, String serviceId, Map<String, String> parameters,
      Optional<String> scope, List<String> resources, RequestContext ctx, Confirmation cnf) {
    Client client = caller.client();
    if (caller instanceof Caller.Public || !client.allows(GrantType.PASSWORD)) {
      return notAllowed(client);
    }
    Optional<AuthService> service = services.find(realm, serviceId);
    if (service.isEmpty()) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.INVALID_REQUEST, OAuthError.Reason.UNKNOWN_AUTH_SERVICE,
          "authentication service '" + serviceId + "' is not available in realm '" + realm.name() + "'"));
    }
    Scopes.Resolution r = Scopes.resolve(scope, client.scopes(), "client '" + client.id() + "'");
    if (!r.ok()) {
      return TokenOutcome.denied(r.error());
    }
    Resources.Resolution target = Resources.resolve(resources, client.resources(), "client '" + client.id() + "'");
    if (!target.ok()) {
      return TokenOutcome.denied(target.error());
    }
    AuthService.Result result = guard.authenticate(service.get(), realm, parameters, client.id(), ctx);
    return switch (result) {
      case AuthService.Result.Authenticated(User user) -> startSession(realm, client, user, serviceId, r,
          target.granted(), ctx, cnf, caller);
      case AuthService.Result.Failed(OAuthError error) -> {
        // review H2: a failed login names who was tried and from where
        audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.LOGIN_FAILED,
            client.id().value(), "", "", ctx.correlationId(),
            serviceId + ": " + error.reason().name().toLowerCase(java.util.Locale.ROOT),
            parameters.getOrDefault("username", ""), ctx.remoteAddress()));
        yield TokenOutcome.denied(error);
      }
    };
  }

  private static TokenOutcome notAllowed(Client client) {
    return TokenOutcome.denied(OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT, OAuthError.Reason.GRANT_NOT_ALLOWED,
        "client '" + client.id() + "' may not use grant_type 'password'"));
  }

  /** Creates a session for an authenticated user; shared by every way of logging in. */
  public TokenOutcome startSession(Realm realm, Client client, User user, String authService,
      Scopes.Resolution scope, RequestContext ctx) {
    return startSession(realm, client, user, authService, scope, List.of(), ctx);
  }

  /** The same, the session granted the resource indicators {@code resources} (already checked). */
  public TokenOutcome startSession(Realm realm, Client client, User user, String authService,
      Scopes.Resolution scope, List<String> resources, RequestContext ctx) {
    return startSession(realm, client, user, authService, scope, resources, ctx, Confirmation.NONE, null);
  }

  /**
   * The same, the access token bound to {@code cnf} and, for a caller that showed a client
   * certificate, to that certificate (RFC 8705 section 3); a public client's refresh token is bound
   * to the DPoP key of {@code cnf} (RFC 9449 section 5), a confidential client's is not. {@code
   * caller} is null for a session no client request started (no certificate to bind to).
   */
  public TokenOutcome startSession(Realm realm, Client client, User user, String authService,
      Scopes.Resolution scope, List<String> resources, RequestContext ctx, Confirmation cnf, Caller caller) {
    Instant now = clock.instant();
    SessionId sid = new SessionId(Tokens.random(16));
    Instant sessionEnd = now.plus(realm.sessionMaxTtl());
    Session session = new Session(realm.name(), sid, user.id(), client.id(), authService,
        new HashSet<>(scope.granted()), now, sessionEnd, Optional.empty(), resources);
    String refresh = Tokens.opaque();
    Instant refreshEnd = min(now.plus(realm.refreshTokenTtl()), sessionEnd);
    sessions.create(realm, session, RefreshToken.fresh(realm.name(), Tokens.sha256(refresh), sid, client.id(), now,
        refreshEnd).boundTo(client.isPublic() ? cnf.jkt() : Optional.empty()), ctx);
    AccessClaims unbound = minter.claims(realm, user.id().value(), client.id(), scope.granted(), Optional.of(sid),
        now, resources).withConfirmation(cnf);
    AccessClaims claims = caller == null ? unbound : minter.bound(unbound, caller);
    audit.record(new AuditEvent(realm.name().value(), now, AuditType.LOGIN_OK, client.id().value(),
        user.id().value(), sid.value(), ctx.correlationId(), authService));
    return new TokenOutcome.Issued(new IssuedTokens(minter.sign(realm, claims), claims,
        Optional.of(refresh), Optional.of(refreshEnd), Optional.of(session), Optional.of(user)));
  }

  static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
