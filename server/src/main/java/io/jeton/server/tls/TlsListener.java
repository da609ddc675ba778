package io.jeton.server.tls;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.jeton.core.client.CertificateTrust;
import io.jeton.server.config.ServerConfig;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The HTTPS listener's TLS (SPEC section 8): the configured certificate chain and key, TLS 1.2
 * and 1.3 only, AEAD suites with forward secrecy only (Mozilla's "intermediate" list), and a
 * client certificate asked for ({@code tls.clientAuth}) and accepted whoever issued it, as long
 * as the client proves its key in the handshake: the client's registration decides whom it
 * authenticates (RFC 8705 section 2), core checks the chain against {@code tls.clientCaFile}.
 */
public final class TlsListener {
  /** No SSLv3, TLS 1.0 or 1.1 (RFC 8996). */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  /** TLS 1.3's suites, then ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2. */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  private static final char[] IN_MEMORY = "jeton".toCharArray();

  private TlsListener() {}

  /**
   * Helidon's TLS for the listener.
   *
   * @throws IllegalStateException naming the setting when a file cannot be read or the key is not
   *     the certificate's
   */
  public static Tls tls(ServerConfig.Tls config) {
    List<X509Certificate> chain = TlsMaterial.certificates("tls.certFile", config.certFile().orElseThrow());
    PrivateKey key = TlsMaterial.privateKey("tls.keyFile", config.keyFile().orElseThrow());
    checkPair(key, chain.get(0), config);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("jeton", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, IN_MEMORY);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), new TrustManager[] {new AnyProvenCertificate()}, null);
      Set<String> supported = Set.of(ctx.getSupportedSSLParameters().getCipherSuites());
      return Tls.builder()
          .sslContext(ctx)
          .enabledProtocols(PROTOCOLS)
          .enabledCipherSuites(CIPHER_SUITES.stream().filter(supported::contains).toList())
          .clientAuth(switch (config.clientAuth()) {
            case NONE -> TlsClientAuth.NONE;
            case OPTIONAL -> TlsClientAuth.OPTIONAL;
            case REQUIRED -> TlsClientAuth.REQUIRED;
          })
          .build();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("tls.certFile, tls.keyFile: cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  /** What core needs to know: whether certificates can reach it, and the CAs of tls_client_auth. */
  public static CertificateTrust trust(ServerConfig.Tls config) {
    List<X509Certificate> cas = config.clientCaFile()
        .map(f -> TlsMaterial.certificates("tls.clientCaFile", f)).orElse(List.of());
    return new CertificateTrust(config.clientCertificates(), cas);
  }

  /** The key must be the certificate's: a mismatch fails every handshake, so it fails the start instead. */
  private static void checkPair(PrivateKey key, X509Certificate leaf, ServerConfig.Tls config) {
    String alg = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "RSASSA-PSS" -> "";
      default -> key.getAlgorithm();
    };
    if (alg.isEmpty()) {
      return;
    }
    try {
      byte[] probe = "jeton key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(leaf.getPublicKey());
      v.update(probe);
      if (v.verify(sig)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another type than the certificate's: reported below
    }
    throw new IllegalStateException("tls.keyFile: '" + config.keyFile().orElseThrow()
        + "' is not the private key of the certificate in '" + config.certFile().orElseThrow() + "'");
  }

  /**
   * Accepts any client certificate chain: the handshake has already checked that the client holds
   * the leaf's key (CertificateVerify); which issuers count is core's decision, per client. It
   * names no acceptable issuer, so clients offer whatever certificate they have.
   */
  static final class AnyProvenCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("empty client certificate chain");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("the listener trusts no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

}
