package io.jeton.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.Provider;
import java.util.Optional;
import java.util.Set;

/**
 * Nimbus signers and verifiers that move to the native provider ({@link SignatureProvider}) once it
 * is loaded: a key made at start, before the provider is ready, is not held to the JDK for its
 * whole life. Until then, and where the provider is not used, they are the plain Nimbus ones.
 */
final class NativeSignatures {
  private NativeSignatures() {}

  static JWSSigner signer(JWSSigner jdk) {
    return new Signer(jdk);
  }

  static JWSVerifier verifier(JWSVerifier jdk) {
    return new Verifier(jdk);
  }

  /** Sets the provider on {@code jca} once it is ready; returns whether it is now set. */
  private static boolean moved(JCAContext jca) {
    Optional<Provider> p = SignatureProvider.current();
    if (p.isEmpty()) {
      return false;
    }
    jca.setProvider(p.get()); // the same value from any thread that races here
    return true;
  }

  private static final class Signer implements JWSSigner {
    private final JWSSigner delegate;
    private volatile boolean moved;

    Signer(JWSSigner delegate) {
      this.delegate = delegate;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!moved) {
        moved = moved(delegate.getJCAContext());
      }
      return delegate.sign(header, signingInput);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return delegate.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
      return delegate.getJCAContext();
    }
  }

  private static final class Verifier implements JWSVerifier {
    private final JWSVerifier delegate;
    private volatile boolean moved;

    Verifier(JWSVerifier delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
      if (!moved) {
        moved = moved(delegate.getJCAContext());
      }
      return delegate.verify(header, signingInput, signature);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return delegate.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
      return delegate.getJCAContext();
    }
  }
}
