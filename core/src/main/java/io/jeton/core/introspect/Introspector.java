package io.jeton.core.introspect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jeton.core.EngineSettings;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationView;
import io.jeton.core.session.SessionStore;
import io.jeton.core.session.SessionStore.RefreshLookup;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.TokenCodec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * RFC 7662 token introspection. For an access token: the signature (verified once, then
 * remembered in a bounded cache keyed by the whole token), issuer, expiry and the in-memory
 * revocation view; no database round trip. A refresh token is looked up by its hash.
 */
public final class Introspector {
  private final EngineSettings settings;
  private final TokenCodec codec;
  private final RevocationView revocations;
  private final SessionStore sessions;
  private final InstantSource clock;
  private final Cache<String, AccessClaims> verified;

  public Introspector(EngineSettings settings, TokenCodec codec, RevocationView revocations,
      SessionStore sessions, InstantSource clock) {
    this.settings = settings;
    this.codec = codec;
    this.revocations = revocations;
    this.sessions = sessions;
    this.clock = clock;
    this.verified = Caffeine.newBuilder().maximumSize(settings.verifiedTokenCacheSize()).build();
  }

  /** The claims of a valid, unexpired, unrevoked access token of this realm. */
  public Optional<AccessClaims> accessToken(Realm realm, String token) {
    AccessClaims c = verified.getIfPresent(token);
    if (c == null) {
      c = codec.decode(realm, token).orElse(null);
      if (c == null || !c.issuer().equals(settings.issuer(realm.name()))) {
        return Optional.empty();
      }
      verified.put(token, c);
    } else if (!c.issuer().equals(settings.issuer(realm.name()))) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(c.expiresAt())
        || revocations.isTokenRevoked(realm.name(), c.jti())
        || c.sessionId().map(sid -> revocations.isSessionRevoked(realm.name(), sid)).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(c);
  }

  public Introspection introspect(Realm realm, String token) {
    if (token.isEmpty()) {
      return Introspection.INACTIVE;
    }
    if (TokenCodec.looksLikeJwt(token)) {
      return accessToken(realm, token)
          .<Introspection>map(c -> new Introspection.Active(c, "access_token", Optional.empty()))
          .orElse(Introspection.INACTIVE);
    }
    return refreshToken(realm, token);
  }

  private Introspection refreshToken(Realm realm, String token) {
    if (token.length() > 512) {
      return Introspection.INACTIVE;
    }
    Optional<RefreshLookup> found = sessions.findRefreshToken(realm.name(), Tokens.sha256(token));
    Instant now = clock.instant();
    if (found.isEmpty() || found.get().token().usedAt().isPresent() || !found.get().session().isLive(now)
        || !now.isBefore(found.get().token().expiresAt())) {
      return Introspection.INACTIVE;
    }
    var t = found.get().token();
    var s = found.get().session();
    AccessClaims c = new AccessClaims(settings.issuer(realm.name()), s.userId().value(),
        List.of(realm.audience().orElse(t.clientId().value())), t.expiresAt(), t.issuedAt(),
        t.hash().value(), t.clientId(), s.scope().stream().sorted().toList(), Optional.of(s.id()));
    return new Introspection.Active(c, "refresh_token", Optional.empty());
  }
}
