package io.jeton.core.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.keys.PublicJwk;
import io.jeton.core.realm.Realm;
import io.jeton.core.replay.ReplayStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a DPoP proof at the token endpoint, RFC 9449 section 4.3, in the order of its list, and
 * names the key it proves: the RFC 7638 SHA-256 thumbprint that becomes the token's {@code
 * cnf.jkt}. Every refusal is 400 {@code invalid_dpop_proof} (or {@code use_dpop_nonce}); the
 * proof's {@code jti} is recorded last, in the shared {@link ReplayStore}, so that a replay is
 * refused on every node and a proof refused for another reason does not use its {@code jti} up.
 */
public final class DpopVerifier {
  /** How far {@code iat} may be from now, either way (SPEC 8: "iat within 60 s"). */
  public static final Duration WINDOW = Duration.ofSeconds(60);
  /** The asymmetric algorithms accepted (metadata {@code dpop_signing_alg_values_supported}). */
  public static final List<String> ALGORITHMS = List.of("ES256", "ES384", "ES512", "RS256", "RS384", "RS512",
      "PS256", "PS384", "PS512", "EdDSA", "Ed25519");
  static final int MAX_PROOF_CHARS = 8192;
  static final int MAX_JTI_CHARS = 200;
  private static final JOSEObjectType TYPE = new JOSEObjectType("dpop+jwt");

  private final ReplayStore replays;
  private final Optional<DpopNonces> nonces;
  private final InstantSource clock;

  /** {@code nonces} empty: no server nonce is asked for. */
  public DpopVerifier(ReplayStore replays, Optional<DpopNonces> nonces, InstantSource clock) {
    this.replays = replays;
    this.nonces = nonces;
    this.clock = clock;
  }

  /** The outcome: the key's thumbprint, or the refusal to send. */
  public sealed interface Result {
    record Verified(String jkt) implements Result {}

    record Refused(OAuthError error) implements Result {}
  }

  public Result verify(Realm realm, DpopProof proof) {
    // section 4.3 item 1: "There is not more than one DPoP HTTP request header field."
    if (proof.headers() != 1) {
      return bad("more than one DPoP header");
    }
    String jwt = proof.jwt();
    if (jwt.isEmpty() || jwt.length() > MAX_PROOF_CHARS) {
      return bad("DPoP proof is empty or longer than " + MAX_PROOF_CHARS + " characters");
    }
    SignedJWT signed;
    JWTClaimsSet claims;
    try {
      signed = SignedJWT.parse(jwt);
      claims = signed.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      // also alg "none" (not a JWS) and a private key in jwk (Nimbus refuses to parse that header)
      return bad("DPoP proof is not a well-formed signed JWT");
    }
    JWSHeader h = signed.getHeader();
    if (!TYPE.equals(h.getType())) {
      return bad("DPoP proof 'typ' must be 'dpop+jwt'");
    }
    JWSAlgorithm alg = h.getAlgorithm();
    if (!ALGORITHMS.contains(alg.getName())) {
      return bad("DPoP proof 'alg' '" + clip(alg.getName()) + "' is not an accepted asymmetric algorithm");
    }
    JWK jwk = h.getJWK();
    if (jwk == null) {
      return bad("DPoP proof has no 'jwk' header");
    }
    // section 4.3 item 7: "The JWK in the jwk JOSE Header Parameter does not contain a private key."
    if (jwk.isPrivate()) {
      return bad("DPoP proof 'jwk' contains a private key");
    }
    if (!fits(alg, jwk)) {
      return bad("DPoP proof 'jwk' is not a key for 'alg' " + alg.getName());
    }
    Optional<JWSVerifier> verifier = PublicJwk.verifier(jwk, alg);
    if (verifier.isEmpty()) {
      return bad("DPoP proof 'jwk' is not an accepted key (EC, RSA of 2048 bits or more, Ed25519)");
    }
    try {
      if (!signed.verify(verifier.get())) {
        return bad("DPoP proof signature does not verify with its 'jwk'");
      }
    } catch (JOSEException | RuntimeException e) {
      return bad("DPoP proof signature does not verify with its 'jwk'");
    }
    String jti;
    String htm;
    String htu;
    Date iat;
    String nonce;
    try {
      jti = claims.getJWTID();
      htm = claims.getStringClaim("htm");
      htu = claims.getStringClaim("htu");
      iat = claims.getIssueTime();
      nonce = claims.getStringClaim("nonce");
    } catch (ParseException e) {
      return bad("DPoP proof has a claim of the wrong type");
    }
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_CHARS) {
      return bad("DPoP proof needs a 'jti' of 1 to " + MAX_JTI_CHARS + " characters");
    }
    if (htm == null || iat == null || htu == null) {
      return bad("DPoP proof needs 'htm', 'htu' and 'iat'");
    }
    // item 8: "The htm claim matches the HTTP method of the current request."
    if (!htm.equals(proof.method())) {
      return bad("DPoP proof 'htm' '" + clip(htm) + "' is not " + proof.method());
    }
    // item 9: "The htu claim matches the HTTP URI value for the HTTP request in which the JWT was
    // received, ignoring any query and fragment parts."
    Optional<String> expected = normalize(proof.uri());
    if (expected.isEmpty() || !expected.equals(normalize(htu))) {
      return bad("DPoP proof 'htu' '" + clip(htu) + "' is not " + proof.uri());
    }
    Instant now = clock.instant();
    if (nonces.isPresent() && (nonce == null || !nonces.get().accepts(realm.name(), nonce, now))) {
      return new Result.Refused(OAuthError.of(ErrorCode.USE_DPOP_NONCE, OAuthError.Reason.INVALID_PROOF,
          "DPoP proof must carry the nonce of the DPoP-Nonce header"));
    }
    // item 11: "The creation time of the JWT, as determined by either the iat claim or a server
    // managed timestamp via the nonce claim, is within an acceptable window."
    Instant issued = iat.toInstant();
    if (Duration.between(issued, now).abs().compareTo(WINDOW) > 0) {
      return bad("DPoP proof 'iat' is more than " + WINDOW.toSeconds() + " s from now");
    }
    String thumbprint;
    try {
      thumbprint = jwk.computeThumbprint("SHA-256").toString();
    } catch (JOSEException e) {
      return bad("DPoP proof 'jwk' has no thumbprint");
    }
    // item 12 and section 11.1: a proof is used once, on any node, while its iat is acceptable.
    if (!replays.firstUse(realm.name(), ReplayStore.Kind.DPOP_PROOF, thumbprint + "." + jti, issued.plus(WINDOW))) {
      return bad("DPoP proof 'jti' has been used before");
    }
    return new Result.Verified(thumbprint);
  }

  private static boolean fits(JWSAlgorithm alg, JWK jwk) {
    if (JWSAlgorithm.Family.EC.contains(alg)) {
      return jwk instanceof ECKey;
    }
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      return jwk instanceof RSAKey;
    }
    return (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) && jwk instanceof OctetKeyPair;
  }

  /**
   * RFC 9449 section 4.3 compares {@code htu} after syntax-based and scheme-based normalisation
   * (RFC 3986 sections 6.2.2 and 6.2.3): scheme and host in lower case, the default port dropped,
   * an empty path as "/", dot segments removed; query and fragment ignored. Empty when not an
   * absolute http(s) URL.
   */
  static Optional<String> normalize(String uri) {
    try {
      URI u = new URI(uri).normalize();
      if (u.getScheme() == null || u.getRawAuthority() == null || u.getHost() == null) {
        return Optional.empty();
      }
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.empty();
      }
      int port = u.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
          || (scheme.equals("https") && port == 443);
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
          + path);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Result bad(String description) {
    return new Result.Refused(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF, OAuthError.Reason.INVALID_PROOF,
        description));
  }

  private static String clip(String s) {
    String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
    return b.toString();
  }
}
