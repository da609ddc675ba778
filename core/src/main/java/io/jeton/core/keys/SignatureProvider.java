package io.jeton.core.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ECDSA and RSA signatures are computed: Amazon Corretto Crypto Provider (ACCP, AWS-LC in a
 * native library) where it loads, else the JDK's own providers. On the machines Jeton is measured
 * on, an ES256 signature costs about a fifth of what the JDK's SunEC takes (docs/benchmarks.md), and
 * signing is most of what a token request costs.
 *
 * <p>Loading ACCP takes about half a second (it unpacks and links a 10 MB library), about as long as
 * a start of the whole server, so it is loaded on a background thread once the server listens
 * ({@link #startLoading}); until it is ready, and for good if it does not load (another platform, a library
 * refused by the system, {@code jeton.crypto=jdk}), signatures use the JDK. It is used only after a
 * self-test: an ES256 and an RS256 signature made with it verify with the JDK and the other way round.
 * Either way the signatures are the same standard ones: any verifier accepts them.
 */
public final class SignatureProvider {
  private static final Logger LOG = LoggerFactory.getLogger(SignatureProvider.class);
  /** System property; {@code jdk} keeps the JDK's providers. */
  public static final String PROPERTY = "jeton.crypto";
  private static final String ACCP = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
  private static final CompletableFuture<Optional<Provider>> LOADED = new CompletableFuture<>();
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private SignatureProvider() {}

  /**
   * Starts loading the native provider on a background thread, once; the server calls it when it
   * listens, with a delay, so that the loading competes neither with the start nor with the first
   * requests for the cores. The loading itself begins {@code delayMillis} later.
   */
  public static void startLoading(long delayMillis) {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    if ("jdk".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
      LOADED.complete(Optional.empty());
      return;
    }
    Thread.ofPlatform().daemon().name("jeton-crypto-load").start(() -> {
      try {
        Thread.sleep(delayMillis); // leave the cores to the first requests after a start
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LOADED.complete(load());
    });
  }

  /** The native provider once it is loaded and tested; empty before, and when it is not used. */
  public static Optional<Provider> current() {
    return LOADED.getNow(Optional.empty());
  }

  /** Starts the loading if need be and waits for it to end; returns {@link #current()}. */
  public static Optional<Provider> awaitLoaded() {
    startLoading(0);
    return LOADED.join();
  }

  /** A name for logs and metrics: the provider in use now. */
  public static String describe() {
    return current().map(p -> p.getName() + " " + p.getVersionStr()).orElse("JDK");
  }

  private static Optional<Provider> load() {
    try {
      Provider p = (Provider) Class.forName(ACCP).getField("INSTANCE").get(null);
      Object error = p.getClass().getMethod("getLoadingError").invoke(p);
      if (error != null) {
        LOG.info("signatures use the JDK's providers: {} did not load ({})", p.getName(), error);
        return Optional.empty();
      }
      selfTest(p);
      LOG.info("signatures use {} {}", p.getName(), p.getVersionStr());
      return Optional.of(p);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException | java.security.GeneralSecurityException e) {
      LOG.info("signatures use the JDK's providers: the native provider is not usable ({})", e.toString());
      return Optional.empty();
    }
  }

  /** Each way round, for ES256 and RS256: signed by one provider, verified by the other. */
  private static void selfTest(Provider fast) throws java.security.GeneralSecurityException {
    byte[] message = "jeton signature self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    check(ec.generateKeyPair(), "SHA256withECDSAinP1363Format", fast, message);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", fast); // the JDK takes a tenth of a second
    rsa.initialize(2048);
    check(rsa.generateKeyPair(), "SHA256withRSA", fast, message);
  }

  private static void check(KeyPair keys, String algorithm, Provider fast, byte[] message)
      throws java.security.GeneralSecurityException {
    Signature sign = Signature.getInstance(algorithm, fast);
    sign.initSign(keys.getPrivate());
    sign.update(message);
    Signature verify = Signature.getInstance(algorithm);
    verify.initVerify(keys.getPublic());
    verify.update(message);
    if (!verify.verify(sign.sign())) {
      throw new java.security.SignatureException(algorithm + " made by " + fast.getName() + " does not verify");
    }
    sign = Signature.getInstance(algorithm);
    sign.initSign(keys.getPrivate());
    sign.update(message);
    verify = Signature.getInstance(algorithm, fast);
    verify.initVerify(keys.getPublic());
    verify.update(message);
    if (!verify.verify(sign.sign())) {
      throw new java.security.SignatureException(algorithm + " does not verify with " + fast.getName());
    }
  }
}
