package io.jeton.core.grant;

import io.jeton.core.Caller;
import io.jeton.core.RequestContext;
import io.jeton.core.TokenHash;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.auth.AuthService;
import io.jeton.core.auth.AuthServices;
import io.jeton.core.client.Client;
import io.jeton.core.client.GrantType;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.crypto.Hmac;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.error.OAuthError.Reason;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.SessionRevoker;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore;
import io.jeton.core.session.SessionStore.RefreshLookup;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.Confirmation;
import io.jeton.core.user.User;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * RFC 6749 section 6 with one-use rotation (RFC 9700 section 4.14.2).
 *
 * <p>The algorithm. A refresh token's successor is not random but {@code HMAC(k, token)} with a
 * key derived from the master key: whoever presents the same token gets the same successor, and
 * the store never holds a raw token. Rotation is a compare-and-set in one transaction ({@link
 * SessionStore#rotate}): mark the presented token used if it was unused, insert the successor. Of
 * N concurrent refreshes exactly one wins; a loser, like any retry within the realm's {@code
 * refreshReuseGrace} by the same client, finds the token used moments ago with that very successor
 * still unused, and receives the same successor (with a fresh access token), audited as {@code
 * refresh_replayed}. The successor is keyed by the caller too ({@link Caller#tag()}), so only the
 * same client authenticated the same way can be answered in the window (SPEC 7, review M1); anyone
 * else presenting the used token is reuse. Outside the window,
 * or when the successor has itself been used, presenting a used token is reuse: that session alone
 * is revoked and an audit event is written before the answer.
 */
public final class RefreshGrant {
  private final SessionStore sessions;
  private final AuthServices services;
  private final TokenMinter minter;
  private final SessionRevoker revoker;
  private final AuditLog audit;
  private final InstantSource clock;
  private final Hmac successorKey;

  public RefreshGrant(SessionStore sessions, AuthServices services, TokenMinter minter, SessionRevoker revoker,
      AuditLog audit, InstantSource clock, MasterKey masterKey) {
    this.sessions = sessions;
    this.services = services;
    this.minter = minter;
    this.revoker = revoker;
    this.audit = audit;
    this.clock = clock;
    this.successorKey = Hmac.sha256(masterKey.derive("refresh-successor"));
  }

  /**
   * A refresh token presented by {@code caller}. The caller's client must allow {@code
   * refresh_token} on every path (SPEC 3 intro: "The client's grants are checked on every path,
   * refresh included"), and the token must have been issued to it. When given, {@code
   * expectedService} must be the authentication service the session was created with and {@code
   * expectedUsername} its user's username (AGS re-checks them), else {@code access_denied}.
   */
  public TokenOutcome refresh(Realm realm, Caller caller, String refreshToken, Optional<String> scope,
      Optional<String> expectedService, Optional<String> expectedUsername, RequestContext ctx) {
    return refresh(realm, caller, refreshToken, scope, List.of(), expectedService, expectedUsername, ctx);
  }

  /**
   * The same, for the resource indicators {@code resources}: a subset of the session's (RFC 8707
   * section 2.2: a refresh may narrow the audience, never widen it), else {@code invalid_target};
   * none asked for keeps the session's.
   */
  public TokenOutcome refresh(Realm realm, Caller caller, String refreshToken, Optional<String> scope,
      List<String> resources, Optional<String> expectedService, Optional<String> expectedUsername,
      RequestContext ctx) {
    return refresh(realm, caller, refreshToken, scope, resources, expectedService, expectedUsername, ctx,
        Optional.empty());
  }

  /**
   * The same, with {@code dpopJkt} the thumbprint of the key a verified DPoP proof of this request
   * was signed with. A refresh token bound to a key (a public client's, RFC 9449 section 5) needs
   * a proof by that key, else {@code invalid_dpop_proof}; an unbound token of a public client
   * refreshed with a proof gets a successor bound to the proof's key. The new access token is
   * bound to the proof's key whenever there is one.
   */
  public TokenOutcome refresh(Realm realm, Caller caller, String refreshToken, Optional<String> scope,
      List<String> resources, Optional<String> expectedService, Optional<String> expectedUsername,
      RequestContext ctx, Optional<String> dpopJkt) {
    Client client = caller.client();
    if (!client.allows(GrantType.REFRESH_TOKEN)) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT, Reason.GRANT_NOT_ALLOWED,
          "client '" + client.id() + "' may not use grant_type 'refresh_token'"));
    }
    if (refreshToken.isEmpty() || refreshToken.length() > 512) {
      return invalid(Reason.UNKNOWN_TOKEN);
    }
    TokenHash hash = Tokens.sha256(refreshToken);
    Optional<RefreshLookup> found = sessions.findRefreshToken(realm.name(), hash);
    if (found.isEmpty()) {
      return invalid(Reason.UNKNOWN_TOKEN);
    }
    RefreshToken token = found.get().token();
    Session session = found.get().session();
    // RFC 6749 section 6: the server MUST "validate the refresh token and ensure that it was
    // issued to the authenticated client".
    if (!token.clientId().equals(client.id())) {
      return TokenOutcome.denied(OAuthError.invalidGrant(Reason.WRONG_CLIENT,
          "refresh token was issued to another client"));
    }
    // RFC 9449 section 5: "the authorization server MUST ensure that the refresh token is bound to
    // the public key" and that a refresh request's proof is signed by that very key.
    Optional<OAuthError> unproven = checkBinding(token, dpopJkt);
    if (unproven.isPresent()) {
      return TokenOutcome.denied(unproven.get());
    }
    Optional<String> successorJkt = token.dpopJkt().or(() -> client.isPublic() ? dpopJkt : Optional.empty());
    Confirmation cnf = Confirmation.dpopKey(dpopJkt);
    Instant now = clock.instant();
    if (session.revokedAt().isPresent()) {
      return invalid(Reason.REVOKED_TOKEN);
    }
    if (!now.isBefore(session.expiresAt()) || !now.isBefore(token.expiresAt())) {
      return TokenOutcome.denied(OAuthError.invalidGrant(Reason.EXPIRED_TOKEN, "refresh token has expired"));
    }
    // RFC 6749 section 6: the requested scope "MUST NOT include any scope not originally granted".
    Scopes.Resolution r = Scopes.resolve(scope, session.scope(), "this refresh token");
    if (!r.ok()) {
      return TokenOutcome.denied(r.error());
    }
    Resources.Resolution target = Resources.resolve(resources, session.resources(), "this refresh token");
    if (!target.ok()) {
      return TokenOutcome.denied(target.error());
    }
    List<String> audience = resources.isEmpty() ? session.resources() : target.granted();
    Optional<User> user = found.get().user();
    if (user.isEmpty() || !user.get().enabled()) {
      return TokenOutcome.denied(OAuthError.invalidGrant(Reason.USER_DISABLED, "the session's user is disabled or gone"));
    }
    if (expectedService.isPresent() && !expectedService.get().equals(session.authService())) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.ACCESS_DENIED, Reason.USER_MISMATCH,
          "the session was not created with authentication service '" + expectedService.get() + "'"));
    }
    Optional<AuthService> service = services.find(realm, session.authService());
    if (service.isEmpty()) {
      return TokenOutcome.denied(OAuthError.invalidGrant(Reason.USER_DISABLED,
          "authentication service '" + session.authService() + "' is no longer allowed in this realm"));
    }
    Optional<OAuthError> recheck = service.get().recheck(realm, user.get());
    if (recheck.isPresent()) {
      return TokenOutcome.denied(recheck.get());
    }
    if (expectedUsername.isPresent() && !expectedUsername.get().equals(user.get().username())) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.ACCESS_DENIED, Reason.USER_MISMATCH,
          "username does not match the session's user"));
    }
    // The successor depends on who asks: a retry by another caller (another client, or the same
    // client authenticated another way) cannot match the stored successor, so it is reuse.
    String successor = successorKey.of(caller.tag() + '\0' + refreshToken);
    TokenHash successorHash = Tokens.sha256(successor);
    if (token.usedAt().isEmpty()) {
      Instant successorEnd = PasswordGrant.min(now.plus(realm.refreshTokenTtl()), session.expiresAt());
      RefreshToken next = RefreshToken.fresh(realm.name(), successorHash, session.id(), client.id(), now, successorEnd)
          .boundTo(successorJkt);
      if (sessions.rotate(realm.name(), hash, now, next)) {
        audit.record(event(realm, AuditType.REFRESH, session, ctx, ""));
        return issue(realm, caller, session, user.get(), r, audience, successor, successorEnd, now, cnf);
      }
      // Lost the race: read what the winner wrote and fall through to the retry rules.
      found = sessions.findRefreshToken(realm.name(), hash);
      if (found.isEmpty() || found.get().token().usedAt().isEmpty()) {
        return invalid(Reason.UNKNOWN_TOKEN);
      }
      token = found.get().token();
    }
    return retryOrReuse(realm, caller, session, user.get(), token, successor, successorHash, r, audience, now, ctx,
        cnf);
  }

  private TokenOutcome retryOrReuse(Realm realm, Caller caller, Session session, User user, RefreshToken used,
      String successor, TokenHash successorHash, Scopes.Resolution scope, List<String> audience, Instant now,
      RequestContext ctx, Confirmation cnf) {
    Duration sinceUse = Duration.between(used.usedAt().get(), now);
    boolean inGrace = !realm.refreshReuseGrace().isZero() && sinceUse.compareTo(realm.refreshReuseGrace()) <= 0
        && used.successor().filter(successorHash::equals).isPresent();
    if (inGrace) {
      Optional<RefreshLookup> next = sessions.findRefreshToken(realm.name(), successorHash);
      if (next.isPresent() && next.get().token().usedAt().isEmpty()) {
        audit.recordNow(event(realm, AuditType.REFRESH_REPLAYED, session, ctx,
            "used " + sinceUse.toMillis() + " ms ago; same successor answered"));
        return issue(realm, caller, session, user, scope, audience, successor, next.get().token().expiresAt(), now,
            cnf);
      }
    }
    revoker.revoke(realm, session.id(), now);
    audit.recordNow(event(realm, AuditType.REFRESH_REUSE_DETECTED, session, ctx,
        "used " + sinceUse.toSeconds() + " s ago; session revoked"));
    return TokenOutcome.denied(OAuthError.invalidGrant(Reason.REUSED_TOKEN, "refresh token has already been used"));
  }

  private TokenOutcome issue(Realm realm, Caller caller, Session session, User user, Scopes.Resolution scope,
      List<String> audience, String refresh, Instant refreshEnd, Instant now, Confirmation cnf) {
    AccessClaims claims = minter.bound(minter.claims(realm, user.id().value(), session.clientId(), scope.granted(),
        Optional.of(session.id()), now, audience).withConfirmation(cnf), caller);
    return new TokenOutcome.Issued(new IssuedTokens(minter.sign(realm, claims), claims, Optional.of(refresh),
        Optional.of(refreshEnd), Optional.of(session), Optional.of(user)));
  }

  private static Optional<OAuthError> checkBinding(RefreshToken token, Optional<String> dpopJkt) {
    if (token.dpopJkt().isEmpty()) {
      return Optional.empty();
    }
    if (dpopJkt.isEmpty()) {
      return Optional.of(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF, Reason.INVALID_PROOF,
          "refresh token is bound to a DPoP key; send a DPoP proof signed by it"));
    }
    if (!Tokens.equal(token.dpopJkt().get(), dpopJkt.get())) {
      return Optional.of(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF, Reason.INVALID_PROOF,
          "DPoP proof is signed by another key than the one the refresh token is bound to"));
    }
    return Optional.empty();
  }

  private AuditEvent event(Realm realm, AuditType type, Session s, RequestContext ctx, String detail) {
    return new AuditEvent(realm.name().value(), clock.instant(), type, s.clientId().value(), s.userId().value(),
        s.id().value(), ctx.correlationId(), detail);
  }

  private static TokenOutcome invalid(Reason reason) {
    return TokenOutcome.denied(OAuthError.invalidGrant(reason, switch (reason) {
      case REVOKED_TOKEN -> "refresh token has been revoked";
      default -> "refresh token is invalid";
    }));
  }
}
