package io.jeton.core.grant;

import io.jeton.core.Caller;
import io.jeton.core.ClientId;
import io.jeton.core.EngineSettings;
import io.jeton.core.SessionId;
import io.jeton.core.realm.Realm;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.Confirmation;
import io.jeton.core.token.JtiSeal;
import io.jeton.core.token.TokenCodec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the RFC 9068 claims of an access token and signs them. No database access. */
public final class TokenMinter {
  private final EngineSettings settings;
  private final TokenCodec codec;
  private final JtiSeal seal;

  public TokenMinter(EngineSettings settings, TokenCodec codec, JtiSeal seal) {
    this.settings = settings;
    this.codec = codec;
    this.seal = seal;
  }

  /** {@code aud} is the realm's audience if it has one, else the client id (SPEC section 1). */
  public AccessClaims claims(Realm realm, String subject, ClientId client, List<String> scope,
      Optional<SessionId> sid, Instant now) {
    return claims(realm, subject, client, scope, sid, now, List.of());
  }

  /**
   * The same, with the granted resource indicators as {@code aud} when there are any (RFC 8707
   * section 2: the server "should audience-restrict issued access tokens to the resource(s)
   * indicated").
   */
  public AccessClaims claims(Realm realm, String subject, ClientId client, List<String> scope,
      Optional<SessionId> sid, Instant now, List<String> resources) {
    Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
    Instant exp = iat.plus(realm.accessTokenTtl());
    return new AccessClaims(
        settings.issuer(realm.name()),
        subject,
        resources.isEmpty() ? List.of(realm.audience().orElse(client.value())) : resources,
        exp,
        iat,
        seal.mint(realm.name(), subject, client, exp, sid),
        client,
        scope,
        sid);
  }

  /**
   * The claims bound to the caller's TLS client certificate when it has one to bind (RFC 8705
   * section 3: {@code cnf} {@code x5t#S256}), else unchanged; see {@link Caller.Authenticated#boundCertificate()}.
   */
  public AccessClaims bound(AccessClaims claims, Caller caller) {
    return caller instanceof Caller.Authenticated a
        ? a.boundCertificate().map(c -> claims.withConfirmation(new Confirmation(Optional.of(c.x5tS256()),
            claims.confirmation().jkt()))).orElse(claims)
        : claims;
  }

  public String sign(Realm realm, AccessClaims claims) {
    return codec.encode(realm, claims);
  }
}
