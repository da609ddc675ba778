package io.jeton.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The native signature provider (ACCP) and the signers that move to it: every signature made
 * before and after the move verifies with the JDK's own providers, and the other way round, and a
 * changed signature is refused by both.
 */
class NativeSignaturesTest {
  private static final boolean LINUX_X64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
      && System.getProperty("os.arch").matches("amd64|x86_64");

  @Test
  void nativeProvider_loadsOnLinuxX64() {
    assumeTrue(LINUX_X64, "the ACCP artifact Jeton carries is the linux-x86_64 one");
    assertThat(SignatureProvider.awaitLoaded()).isPresent();
    assertThat(SignatureProvider.describe()).startsWith("AmazonCorrettoCryptoProvider");
  }

  @Test
  void es256_signedNatively_verifiesWithTheJdk_andTheOtherWayRound() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
    roundTrip(JWSAlgorithm.ES256, NativeSignatures.es256Signer(key), new ECDSASigner(key),
        NativeSignatures.ecVerifier(key.toECPublicKey()), new ECDSAVerifier(key.toECPublicKey()));
  }

  @Test
  void rs256_signedNatively_verifiesWithTheJdk_andTheOtherWayRound() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
    roundTrip(JWSAlgorithm.RS256, NativeSignatures.rs256Signer(key), new RSASSASigner(key),
        NativeSignatures.rsaVerifier(key.toRSAPublicKey()), new RSASSAVerifier(key.toRSAPublicKey()));
  }

  @Test
  void keysMovedToTheNativeProvider_areImportedIntoItOnce_notOnEverySignature() throws Exception {
    assumeTrue(LINUX_X64, "the ACCP artifact Jeton carries is the linux-x86_64 one");
    SignatureProvider.awaitLoaded();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("k").generate();
    JWSSigner es = NativeSignatures.es256Signer(ec);
    JWSSigner rs = NativeSignatures.rs256Signer(rsa);
    JWSVerifier ev = NativeSignatures.ecVerifier(ec.toECPublicKey());
    JWSVerifier rv = NativeSignatures.rsaVerifier(rsa.toRSAPublicKey());
    assertThat(sign(JWSAlgorithm.ES256, es).verify(ev)).isTrue();
    assertThat(sign(JWSAlgorithm.RS256, rs).verify(rv)).isTrue();
    // a JDK key handed to the provider is converted into its own form on every signature
    isNative(((ECDSASigner) ((NativeSignatures.Signer) es).current()).getPrivateKey());
    isNative(((RSASSASigner) ((NativeSignatures.Signer) rs).current()).getPrivateKey());
    isNative(((ECDSAVerifier) ((NativeSignatures.Verifier) ev).current()).getPublicKey());
    isNative(((RSASSAVerifier) ((NativeSignatures.Verifier) rv).current()).getPublicKey());
  }

  private static void isNative(java.security.Key key) {
    assertThat(key.getClass().getName()).startsWith("com.amazon.corretto.crypto.provider.");
  }

  private static void roundTrip(JWSAlgorithm alg, JWSSigner nativeSigner, JWSSigner jdkSigner,
      JWSVerifier nativeVerifier, JWSVerifier jdkVerifier) throws Exception {
    SignatureProvider.awaitLoaded();
    JWSObject nativelySigned = sign(alg, nativeSigner);
    if (LINUX_X64) {
      assertThat(nativeSigner.getJCAContext().getProvider()).as("moved to the native provider").isNotNull();
    }
    assertThat(nativelySigned.verify(jdkVerifier)).isTrue();
    JWSObject jdkSigned = sign(alg, jdkSigner);
    assertThat(JWSObject.parse(jdkSigned.serialize()).verify(nativeVerifier)).isTrue();
    if (LINUX_X64) {
      assertThat(nativeVerifier.getJCAContext().getProvider()).isNotNull();
    }
    for (JWSVerifier v : new JWSVerifier[] {nativeVerifier, jdkVerifier}) {
      assertThat(tampered(nativelySigned).verify(v)).as("a changed signature").isFalse();
      assertThat(tampered(jdkSigned).verify(v)).as("a changed signature").isFalse();
    }
  }

  private static JWSObject sign(JWSAlgorithm alg, JWSSigner signer) throws Exception {
    JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID("k").type(new JOSEObjectType("at+jwt")).build(),
        new Payload("{\"sub\":\"alice\",\"exp\":1}"));
    jws.sign(signer);
    return JWSObject.parse(jws.serialize());
  }

  private static JWSObject tampered(JWSObject jws) throws Exception {
    byte[] sig = jws.getSignature().decode();
    sig[sig.length / 2] ^= 1;
    String[] parts = jws.serialize().split("\\.");
    return JWSObject.parse(parts[0] + "." + parts[1] + "." + Base64URL.encode(sig));
  }
}
