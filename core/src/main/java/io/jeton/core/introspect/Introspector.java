package io.jeton.core.introspect;

import io.jeton.core.Caller;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.error.OAuthError.Reason;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationView;
import io.jeton.core.session.SessionStore;
import io.jeton.core.session.SessionStore.RefreshLookup;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.TokenCodec;
import io.jeton.core.token.VerifiedTokens;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * RFC 7662 token introspection. For an access token: the signature, issuer, expiry and the
 * in-memory revocation view; no database round trip. A refresh token is looked up by its hash.
 * Only an authenticated confidential client may introspect.
 *
 * <p>Signatures are checked at most once per node and token, exactly: the codec's {@link
 * VerifiedTokens} remembers a 128-bit digest (24 bytes, no object) of every token this node signed
 * or verified, byte for byte and per realm, so a remembered token costs a SHA-256 and a parse of
 * its payload (a few µs) instead of an ES256 check, and any altered token is verified in full.
 * The set is bounded ({@code verifiedTokens} entries) and grows in steps as tokens arrive. Before
 * it, a small direct-mapped array keeps the parsed claims of the last {@link #HOT_SLOTS} tokens
 * seen, matched by the whole token string, so that a token introspected over and over (one
 * resource server's own) costs a string comparison. Issuer, expiry and revocation are checked on
 * every call, whichever way the claims were found.
 *
 * <p>It replaces a Caffeine cache of parsed claims keyed by the token string (about 1.5 KB per
 * token with the key): at 10^5 live tokens that was 150 MB of a 384 MB heap, and its frequency
 * based admission turned most of a uniformly drawn population away (docs/decisions.md, "Verified
 * tokens").
 */
public final class Introspector {
  /** Size of the array of recently parsed claims (a power of two). */
  static final int HOT_SLOTS = 1024;

  private final EngineSettings settings;
  private final TokenCodec codec;
  private final RevocationView revocations;
  private final SessionStore sessions;
  private final InstantSource clock;
  private final Hot[] hot = new Hot[HOT_SLOTS];

  /** A token this node decoded, with its claims: immutable, so a racing reader sees it whole. */
  private record Hot(RealmName realm, String token, AccessClaims claims) {}

  public Introspector(EngineSettings settings, TokenCodec codec, RevocationView revocations,
      SessionStore sessions, InstantSource clock) {
    this.settings = settings;
    this.codec = codec;
    this.revocations = revocations;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** The claims of a valid, unexpired, unrevoked access token of this realm. */
  public Optional<AccessClaims> accessToken(Realm realm, String token) {
    int h = token.hashCode();
    int slot = (h ^ (h >>> 16)) & (HOT_SLOTS - 1);
    Hot seen = hot[slot];
    AccessClaims c;
    if (seen != null && seen.token.equals(token) && seen.realm.equals(realm.name())) {
      c = seen.claims;
    } else {
      c = codec.decode(realm, token).orElse(null);
      if (c == null) {
        return Optional.empty();
      }
      hot[slot] = new Hot(realm.name(), token, c);
    }
    if (!c.issuer().equals(settings.issuer(realm.name()))) {
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

  /**
   * RFC 7662 for {@code caller}, which must be a confidential client that proved its secret
   * (SPEC 7: public clients and client-less dialects may not introspect, review M2). With {@code
   * accessTokensOnly} (C1 validate, onesait check_token) a refresh token is simply inactive.
   */
  public Introspection introspect(Realm realm, Caller caller, String token, boolean accessTokensOnly) {
    if (!(caller instanceof Caller.Authenticated)) {
      return new Introspection.Refused(OAuthError.of(ErrorCode.INVALID_CLIENT, Reason.BAD_CLIENT_CREDENTIALS,
          "client '" + caller.client().id() + "' is public; introspection needs an authenticated confidential client"));
    }
    if (token.isEmpty()) {
      return Introspection.INACTIVE;
    }
    if (TokenCodec.looksLikeJwt(token)) {
      return accessToken(realm, token)
          .<Introspection>map(c -> new Introspection.Active(c, "access_token", Optional.empty()))
          .orElse(Introspection.INACTIVE);
    }
    return accessTokensOnly ? Introspection.INACTIVE : refreshToken(realm, caller, token);
  }

  /**
   * A refresh token is shown only to the client that holds it (it is that client's credential,
   * RFC 7662 section 4), and never with its stored hash: it has no {@code jti}.
   */
  private Introspection refreshToken(Realm realm, Caller caller, String token) {
    if (token.length() > 512) {
      return Introspection.INACTIVE;
    }
    Optional<RefreshLookup> found = sessions.findRefreshToken(realm.name(), Tokens.sha256(token));
    Instant now = clock.instant();
    if (found.isEmpty() || !found.get().token().clientId().equals(caller.client().id())
        || found.get().token().usedAt().isPresent() || !found.get().session().isLive(now)
        || !now.isBefore(found.get().token().expiresAt())) {
      return Introspection.INACTIVE;
    }
    var t = found.get().token();
    var s = found.get().session();
    AccessClaims c = new AccessClaims(settings.issuer(realm.name()), s.userId().value(),
        List.of(realm.audience().orElse(t.clientId().value())), t.expiresAt(), t.issuedAt(),
        "", t.clientId(), s.scope().stream().sorted().toList(), Optional.of(s.id()));
    return new Introspection.Active(c, "refresh_token", Optional.empty());
  }
}
