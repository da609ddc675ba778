package io.jeton.core.revoke;

import io.jeton.core.Caller;
import io.jeton.core.RequestContext;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.introspect.Introspector;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.SessionStore;
import io.jeton.core.session.SessionStore.RefreshLookup;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.JtiSeal;
import io.jeton.core.token.TokenCodec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * RFC 7009 token revocation: an access token by its {@code jti}; a refresh token with its whole
 * session (section 2.1: revoking a refresh token "SHOULD also invalidate all access tokens based
 * on the same authorization grant"). Written durably before the answer.
 */
public final class Revoker {
  private final Introspector introspector;
  private final TokenCodec codec;
  private final JtiSeal seal;
  private final SessionStore sessions;
  private final RevocationStore store;
  private final RevocationView view;
  private final SessionRevoker sessionRevoker;
  private final AuditLog audit;
  private final InstantSource clock;

  public Revoker(Introspector introspector, TokenCodec codec, JtiSeal seal, SessionStore sessions, RevocationStore store, RevocationView view,
      SessionRevoker sessionRevoker, AuditLog audit, InstantSource clock) {
    this.introspector = introspector;
    this.codec = codec;
    this.seal = seal;
    this.sessions = sessions;
    this.store = store;
    this.view = view;
    this.sessionRevoker = sessionRevoker;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Revokes {@code token} for {@code caller}, in one write: an access token by its {@code jti}, or
   * (with {@link RevocationScope#SESSION_OF_TOKEN}, or for a refresh token) its session, which takes every
   * token of the session with it. A client may revoke only its own tokens (RFC 7009 section 2.1).
   * A dialect client (a dialect that authenticates no client) holds no credential but the token
   * itself: its token must carry a valid signature, not only a {@code jti} seal, and it may revoke
   * only access tokens.
   */
  public RevocationOutcome revoke(Realm realm, Caller caller, String token, RevocationScope scope, RequestContext ctx) {
    if (token.isEmpty() || token.length() > 8192) {
      return new RevocationOutcome.Done(false);
    }
    boolean bearer = caller instanceof Caller.DialectClient;
    if (TokenCodec.looksLikeJwt(token)) {
      Optional<AccessClaims> claims = bearer ? introspector.accessToken(realm, token)
          : sealed(realm, token).or(() -> introspector.accessToken(realm, token));
      if (claims.isEmpty()) {
        return new RevocationOutcome.Done(false);
      }
      AccessClaims c = claims.get();
      if (!bearer && !caller.client().id().equals(c.clientId())) {
        return refused();
      }
      if (scope == RevocationScope.SESSION_OF_TOKEN && c.sessionId().isPresent()) {
        return new RevocationOutcome.Done(revokeSession(realm, c.sessionId().get(), ctx, "access token"));
      }
      store.revokeAccessToken(realm.name(), c.jti(), c.expiresAt());
      view.addToken(realm.name(), c.jti(), c.expiresAt());
      audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.REVOKE, c.clientId().value(),
          c.sessionId().isPresent() ? c.subject() : "", c.sessionId().map(Object::toString).orElse(""),
          ctx.correlationId(), "access token " + c.jti()));
      return new RevocationOutcome.Done(true);
    }
    if (bearer || token.length() > 512) {
      return new RevocationOutcome.Done(false);
    }
    Optional<RefreshLookup> found = sessions.findRefreshToken(realm.name(), Tokens.sha256(token));
    if (found.isEmpty()) {
      return new RevocationOutcome.Done(false);
    }
    if (!caller.client().id().equals(found.get().token().clientId())) {
      return refused();
    }
    return new RevocationOutcome.Done(revokeSession(realm, found.get().session().id(), ctx, "refresh token"));
  }

  /**
   * The claims of a token whose {@code jti} seal vouches for them (realm, subject, client,
   * expiry, session), unexpired, without the signature check: all that revocation uses of a token.
   */
  private Optional<AccessClaims> sealed(Realm realm, String token) {
    return codec.decodeUnverified(token)
        .filter(c -> seal.matches(realm.name(), c) && clock.instant().isBefore(c.expiresAt())
            && !view.isTokenRevoked(realm.name(), c.jti())
            && !c.sessionId().map(sid -> view.isSessionRevoked(realm.name(), sid)).orElse(false));
  }

  /** Revokes a session and all its tokens. */
  boolean revokeSession(Realm realm, io.jeton.core.SessionId sid, RequestContext ctx, String what) {
    Instant now = clock.instant();
    boolean existed = sessionRevoker.revoke(realm, sid, now);
    if (existed) {
      audit.record(new AuditEvent(realm.name().value(), now, AuditType.REVOKE, "", "", sid.value(),
          ctx.correlationId(), what + "; session revoked"));
    }
    return existed;
  }

  private static RevocationOutcome refused() {
    return new RevocationOutcome.Refused(OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT, OAuthError.Reason.WRONG_CLIENT,
        "the token was issued to another client"));
  }
}
