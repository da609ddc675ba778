package io.jeton.server.tls;

import io.jeton.server.SecretFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate of {@code serve --demo --tls} (never for production): a P-256 key
 * and a certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid 90 days,
 * written once into the data directory ({@value #CERT}, {@value #KEY}, the key readable by its
 * owner only) and reused while it is valid. Made with Bouncy Castle (docs/decisions.md).
 */
public final class DemoCertificate {
  public static final String CERT = "demo-tls.crt";
  public static final String KEY = "demo-tls.key";

  private DemoCertificate() {}

  /** The pair in {@code dataDir}: the existing one while valid for another day, else a new one. */
  public static List<Path> ensure(Path dataDir) {
    Path cert = dataDir.resolve(CERT);
    Path key = dataDir.resolve(KEY);
    try {
      Files.createDirectories(dataDir);
      if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
        try {
          X509Certificate existing = TlsMaterial.certificates("demo", cert).get(0);
          existing.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
          TlsMaterial.privateKey("demo", key);
          return List.of(cert, key);
        } catch (IllegalStateException | GeneralSecurityException e) {
          // unreadable or about to expire: make a new pair
        }
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      Instant now = Instant.now();
      X500Principal name = new X500Principal("CN=localhost,O=Jeton demo (self-signed)");
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(90))), name, kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1")}));
      X509Certificate c = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      SecretFile.replace(key, pem(new JcaPKCS8Generator(kp.getPrivate(), null)));
      Files.writeString(cert, pem(c), StandardCharsets.US_ASCII);
      return List.of(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo TLS certificate into " + dataDir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the demo TLS certificate", e);
    }
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
