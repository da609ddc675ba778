package io.jeton.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;

/**
 * A JWS verifier for a public key that a client presents (a DPoP proof's {@code jwk}, RFC 9449
 * section 4.2): EC (P-256, P-384, P-521), RSA of at least 2048 bits, and Ed25519 on the same Bouncy
 * Castle code that verifies Jeton's own EdDSA tokens.
 */
public final class PublicJwk {
  /** RSA keys shorter than this are refused (NIST SP 800-131A). */
  static final int MIN_RSA_BITS = 2048;

  private PublicJwk() {}

  /**
   * The verifier of {@code alg} signatures by {@code jwk}, or empty for a key type, curve or size
   * Jeton does not accept. {@code alg} matters only for Ed25519, named {@code EdDSA} or, fully
   * specified (RFC 9864), {@code Ed25519}.
   */
  public static Optional<JWSVerifier> verifier(JWK jwk, JWSAlgorithm alg) {
    try {
      if (jwk instanceof ECKey ec) {
        return Optional.of(NativeSignatures.ecVerifier(ec.toECPublicKey()));
      }
      if (jwk instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
        return Optional.of(NativeSignatures.rsaVerifier(rsa.toRSAPublicKey()));
      }
      if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())
          && okp.getDecodedX().length == 32) {
        return Optional.of(new EdDsaJca.Verifier(okp.getDecodedX(), alg));
      }
      return Optional.empty();
    } catch (JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
