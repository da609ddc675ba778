package io.jeton.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAAware;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * Nimbus signers and verifiers that move to the native provider ({@link SignatureProvider}) once it
 * is loaded: a key made at start, before the provider is ready, is not held to the JDK for its
 * whole life. Until then, and where the provider is not used, they are the plain Nimbus ones.
 *
 * <p>On the move the key is imported into the provider once ({@code KeyFactory.translateKey}). A
 * JDK key handed to ACCP is re-encoded and parsed into its native form on every signature: under a
 * refresh load that import ({@code EvpKeyFactory.pkcs82Evp}) cost as much CPU as the signatures
 * themselves (13 % of Jeton's CPU samples each, 2026-12-04).
 */
final class NativeSignatures {
  private NativeSignatures() {}

  /** Nimbus's signer for a key of the provider's own, made from the key {@link #signer} was given. */
  @FunctionalInterface
  interface Rebuild<T> {
    T with(Key nativeKey) throws JOSEException;
  }

  static JWSSigner es256Signer(ECKey jwk) throws JOSEException {
    return new Signer(new ECDSASigner(jwk), jwk.toECPrivateKey(), k -> new ECDSASigner((PrivateKey) k, Curve.P_256));
  }

  static JWSSigner rs256Signer(RSAKey jwk) throws JOSEException {
    return new Signer(new RSASSASigner(jwk), jwk.toRSAPrivateKey(), k -> new RSASSASigner((PrivateKey) k));
  }

  static JWSVerifier ecVerifier(ECPublicKey key) throws JOSEException {
    return new Verifier(new ECDSAVerifier(key), key, k -> new ECDSAVerifier((ECPublicKey) k));
  }

  static JWSVerifier rsaVerifier(RSAPublicKey key) {
    return new Verifier(new RSASSAVerifier(key), key, k -> new RSASSAVerifier((RSAPublicKey) k));
  }

  /**
   * {@code jdk}'s counterpart on {@code provider} with {@code key} imported into it; {@code jdk}
   * itself on {@code provider} where the provider cannot import the key (it then converts it on
   * every use, slower but the same signatures).
   */
  private static <T extends JCAAware<JCAContext>> T moved(T jdk, Key key, Rebuild<T> rebuild, Provider provider) {
    T moved;
    try {
      moved = rebuild.with(KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key));
    } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
      moved = jdk;
    }
    moved.getJCAContext().setProvider(provider);
    return moved;
  }

  static final class Signer implements JWSSigner {
    private final JWSSigner jdk;
    private final Key key;
    private final Rebuild<JWSSigner> rebuild;
    private volatile JWSSigner current;
    private volatile boolean moved;

    Signer(JWSSigner jdk, Key key, Rebuild<JWSSigner> rebuild) {
      this.jdk = jdk;
      this.key = key;
      this.rebuild = rebuild;
      this.current = jdk;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!moved) {
        Optional<Provider> p = SignatureProvider.current();
        if (p.isPresent()) {
          current = moved(jdk, key, rebuild, p.get()); // two threads racing here make equal signers
          moved = true;
        }
      }
      return current.sign(header, signingInput);
    }

    /** The Nimbus signer in use now. */
    JWSSigner current() {
      return current;
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return jdk.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
      return current.getJCAContext();
    }
  }

  static final class Verifier implements JWSVerifier {
    private final JWSVerifier jdk;
    private final Key key;
    private final Rebuild<JWSVerifier> rebuild;
    private volatile JWSVerifier current;
    private volatile boolean moved;

    Verifier(JWSVerifier jdk, Key key, Rebuild<JWSVerifier> rebuild) {
      this.jdk = jdk;
      this.key = key;
      this.rebuild = rebuild;
      this.current = jdk;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
      if (!moved) {
        Optional<Provider> p = SignatureProvider.current();
        if (p.isPresent()) {
          current = moved(jdk, key, rebuild, p.get());
          moved = true;
        }
      }
      return current.verify(header, signingInput, signature);
    }

    /** The Nimbus verifier in use now. */
    JWSVerifier current() {
      return current;
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return jdk.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
      return current.getJCAContext();
    }
  }
}
