package io.jeton.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 JWS signing and verification (RFC 8037) on Bouncy Castle, which Jeton already carries
 * for Argon2: Nimbus's own Ed25519 classes need Google Tink, a 3 MB dependency for one curve.
 */
final class EdDsaJca {
  private EdDsaJca() {}

  static final class Signer implements JWSSigner {
    private final Ed25519PrivateKeyParameters key;
    private final JCAContext jca = new JCAContext();

    Signer(byte[] privateKey) {
      this.key = new Ed25519PrivateKeyParameters(privateKey, 0);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) {
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, key);
      s.update(signingInput, 0, signingInput.length);
      return Base64URL.encode(s.generateSignature());
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }

  static final class Verifier implements JWSVerifier {
    private final Ed25519PublicKeyParameters key;
    private final JWSAlgorithm alg;
    private final JCAContext jca = new JCAContext();

    Verifier(byte[] publicKey) {
      this(publicKey, JWSAlgorithm.EdDSA);
    }

    /** For {@code alg} {@code EdDSA} or its fully specified name {@code Ed25519} (RFC 9864). */
    Verifier(byte[] publicKey, JWSAlgorithm alg) {
      this.key = new Ed25519PublicKeyParameters(publicKey, 0);
      this.alg = alg;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature)
        throws JOSEException {
      if (!alg.equals(header.getAlgorithm())) {
        return false;
      }
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, key);
      s.update(signedContent, 0, signedContent.length);
      return s.verifySignature(signature.decode());
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(alg);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
