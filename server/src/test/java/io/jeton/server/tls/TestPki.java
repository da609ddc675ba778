package io.jeton.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in the test with Bouncy Castle (P-256 keys): a CA that issues client and
 * server certificates, self-signed ones, expired ones; their PEM; and a client {@link SSLContext}
 * for {@link java.net.http.HttpClient} that presents one of them and trusts the test server.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private TestPki() {}

  /** A key pair and its chain, leaf first. */
  public record Identity(PrivateKey key, List<X509Certificate> chain) {
    public X509Certificate leaf() {
      return chain.get(0);
    }

    public String certPem() {
      return pem(List.of(leaf()));
    }

    public String chainPem() {
      return pem(chain);
    }

    public String keyPem() {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(new JcaPKCS8Generator(key, null));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }

    /** Writes {@code name}.crt (the chain) and {@code name}.key (PKCS#8) into {@code dir}. */
    public Identity write(Path dir, String name) {
      try {
        Files.writeString(dir.resolve(name + ".crt"), chainPem(), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(name + ".key"), keyPem(), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** Issues a certificate for {@code subject}, valid from {@code from} to {@code to}, signed by this (a CA). */
    public Identity issue(String subject, Instant from, Instant to) {
      KeyPair kp = ecKeyPair();
      X509Certificate cert = build(new X500Principal(subject), kp, leaf().getSubjectX500Principal(), key, from, to,
          false, false);
      List<X509Certificate> c = new ArrayList<>();
      c.add(cert);
      c.addAll(chain);
      return new Identity(kp.getPrivate(), c);
    }

    /** A client certificate valid now, for a day. */
    public Identity issue(String subject) {
      Instant now = Instant.now();
      return issue(subject, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)));
    }

    /** A server certificate for localhost and 127.0.0.1. */
    public Identity issueServer() {
      KeyPair kp = ecKeyPair();
      Instant now = Instant.now();
      X509Certificate cert = build(new X500Principal("CN=localhost"), kp, leaf().getSubjectX500Principal(), key,
          now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), false, true);
      List<X509Certificate> c = new ArrayList<>();
      c.add(cert);
      c.addAll(chain);
      return new Identity(kp.getPrivate(), c);
    }
  }

  /** A CA certificate, valid for a day. */
  public static Identity ca(String subject) {
    KeyPair kp = ecKeyPair();
    Instant now = Instant.now();
    X500Principal name = new X500Principal(subject);
    return new Identity(kp.getPrivate(), List.of(build(name, kp, name, kp.getPrivate(),
        now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), true, false)));
  }

  /** A self-signed end-entity certificate, valid for a day. */
  public static Identity selfSigned(String subject) {
    KeyPair kp = ecKeyPair();
    Instant now = Instant.now();
    X500Principal name = new X500Principal(subject);
    return new Identity(kp.getPrivate(), List.of(build(name, kp, name, kp.getPrivate(),
        now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), false, false)));
  }

  public static String pem(List<X509Certificate> certs) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A client TLS context presenting {@code client} (or no certificate when null) with {@code
   * protocols} enabled by the caller, trusting any server (the tests' server is theirs).
   */
  public static SSLContext clientContext(Identity client) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      if (client != null) {
        ks.setKeyEntry("client", client.key(), "x".toCharArray(), client.chain().toArray(X509Certificate[]::new));
      }
      kmf.init(ks, "x".toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), new TrustManager[] {new TrustTestServer()}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate build(X500Principal subject, KeyPair subjectKeys, X500Principal issuer,
      PrivateKey issuerKey, Instant from, Instant to, boolean ca, boolean server) {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject,
          subjectKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
          : KeyUsage.digitalSignature));
      if (server) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tests' own server: any certificate (the tests check the server's identity elsewhere, if at all). */
  static final class TrustTestServer extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
