package io.jeton.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.ClientId;
import io.jeton.core.SessionId;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.keys.RealmKeys;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.Realm;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Encodes access tokens as JWTs in the RFC 9068 profile ({@code typ: at+jwt}, or {@code typ: JWT}
 * where the realm sets {@code accessTokenTyp: JWT}) and decodes them again, checking the signature
 * against the realm's keys. Expiry and revocation are the caller's business: this class answers
 * only "did this realm sign exactly these claims".
 *
 * <p>With a {@link VerifiedTokens} set, a node checks each token's signature at most once: every
 * token it signs, and every token whose signature it checked, is remembered by a digest of its
 * exact bytes and realm, and a remembered token is parsed without the ES256 check (about 60 µs on
 * ACCP, 0.4 ms on the JDK) as long as its key is still loaded. Any other token, an altered one
 * included, is verified in full.
 */
public final class TokenCodec {
  /** RFC 9068 section 2.1: "Resource servers MUST verify that the typ header value is at+jwt". */
  public static final JOSEObjectType AT_JWT = new JOSEObjectType(AccessTokenTyp.AT_JWT.value());
  /** RFC 7519 section 5.1's {@code JWT}, for realms with {@code accessTokenTyp: JWT}. */
  public static final JOSEObjectType JWT = new JOSEObjectType(AccessTokenTyp.JWT.value());

  private static final int MAX_TOKEN_LENGTH = 8192;
  /** What separates scopes; compiled once ({@code String.split(" +")} compiles it per call). */
  private static final Pattern SPACES = Pattern.compile(" +");

  private final KeyRing keyRing;
  private final VerifiedTokens verified;

  /** A codec that verifies every token it decodes. */
  public TokenCodec(KeyRing keyRing) {
    this(keyRing, new VerifiedTokens(0, java.time.InstantSource.system()));
  }

  /** A codec that remembers the tokens it signed or verified in {@code verified}. */
  public TokenCodec(KeyRing keyRing, VerifiedTokens verified) {
    this.keyRing = keyRing;
    this.verified = verified;
  }

  public String encode(Realm realm, AccessClaims c) {
    RealmKeys keys = keyRing.keys(realm);
    JOSEObjectType typ = realm.accessTokenTyp() == AccessTokenTyp.JWT ? JWT : AT_JWT;
    JWSHeader header = new JWSHeader.Builder(keys.algorithm()).type(typ).keyID(keys.currentKid()).build();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(c.issuer())
            .subject(c.subject())
            .audience(c.audience())
            .expirationTime(Date.from(c.expiresAt()))
            .issueTime(Date.from(c.issuedAt()))
            .jwtID(c.jti())
            .claim("client_id", c.clientId().value());
    if (!c.scope().isEmpty()) {
      b.claim("scope", c.scopeString());
    }
    c.sessionId().ifPresent(sid -> b.claim("sid", sid.value()));
    if (!c.confirmation().isEmpty()) {
      Map<String, Object> cnf = new LinkedHashMap<>();
      c.confirmation().x5tS256().ifPresent(t -> cnf.put("x5t#S256", t));
      c.confirmation().jkt().ifPresent(t -> cnf.put("jkt", t));
      b.claim("cnf", cnf);
    }
    SignedJWT jwt = new SignedJWT(header, b.build());
    try {
      jwt.sign(keys.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed for realm " + realm.name(), e);
    }
    String token = jwt.serialize();
    verified.add(realm.name(), token, c.expiresAt().getEpochSecond());
    return token;
  }

  /** Whether a string has the shape of a compact JWS (three dot-separated parts). */
  public static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    return first > 0 && token.indexOf('.', first + 1) > first + 1 && token.length() <= MAX_TOKEN_LENGTH;
  }

  /** The claims if the realm signed this token as an access token; empty for anything else. */
  public Optional<AccessClaims> decode(Realm realm, String token) {
    return parse(token, realm);
  }

  /** The set of tokens this codec has signed or verified. */
  public VerifiedTokens verified() {
    return verified;
  }

  /**
   * The claims of something shaped like an access token, WITHOUT checking its signature: only for
   * callers that authenticate the claims they use another way ({@link JtiSeal}).
   */
  public Optional<AccessClaims> decodeUnverified(String token) {
    return parse(token, null);
  }

  /** Parses; checks the signature against {@code realm}'s keys unless {@code realm} is null. */
  private Optional<AccessClaims> parse(String token, Realm realm) {
    if (!looksLikeJwt(token)) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader h = jwt.getHeader();
      // Either typ, whatever the realm's setting is now: a realm switched from at+jwt to JWT (or
      // back) keeps accepting the tokens it issued before, and Jeton puts no other JWT under a
      // realm key. Nimbus compares typ values case-insensitively (RFC 7515 section 4.1.9).
      if (!(AT_JWT.equals(h.getType()) || JWT.equals(h.getType())) || h.getKeyID() == null) {
        return Optional.empty();
      }
      boolean verifiedNow = false;
      if (realm != null) {
        if (verified.contains(realm.name(), token)) {
          // Signed or verified here before, byte for byte: still the realm's while its key is there
          // (a deleted key's tokens fail as they would if verified now).
          if (keyRing.verifier(realm, h.getKeyID()) == null) {
            return Optional.empty();
          }
        } else {
          JWSVerifier v = keyRing.verifier(realm, h.getKeyID());
          if (v == null || !v.supportedJWSAlgorithms().contains(h.getAlgorithm()) || !jwt.verify(v)) {
            return Optional.empty();
          }
          verifiedNow = true;
        }
      }
      JWTClaimsSet cs = jwt.getJWTClaimsSet();
      String clientId = cs.getStringClaim("client_id");
      if (cs.getIssuer() == null || cs.getSubject() == null || cs.getExpirationTime() == null
          || cs.getIssueTime() == null || cs.getJWTID() == null || clientId == null || clientId.isEmpty()) {
        return Optional.empty();
      }
      String scope = cs.getStringClaim("scope");
      String sid = cs.getStringClaim("sid");
      Map<String, Object> cnf = cs.getJSONObjectClaim("cnf");
      Confirmation confirmation = cnf == null ? Confirmation.NONE
          : new Confirmation(text(cnf.get("x5t#S256")), text(cnf.get("jkt")));
      AccessClaims claims =
          new AccessClaims(
              cs.getIssuer(),
              cs.getSubject(),
              cs.getAudience(),
              cs.getExpirationTime().toInstant(),
              cs.getIssueTime().toInstant(),
              cs.getJWTID(),
              new ClientId(clientId),
              scope == null || scope.isBlank() ? List.of() : Arrays.asList(SPACES.split(scope.trim())),
              sid == null || sid.isEmpty() ? Optional.empty() : Optional.of(new SessionId(sid)),
              confirmation);
      if (verifiedNow) {
        verified.add(realm.name(), token, claims.expiresAt().getEpochSecond());
      }
      return Optional.of(claims);
    } catch (ParseException | JOSEException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(Object v) {
    return v instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
