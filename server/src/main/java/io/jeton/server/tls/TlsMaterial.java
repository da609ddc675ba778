package io.jeton.server.tls;

import io.jeton.core.client.ClientCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the PEM files of the TLS configuration: certificate chains and a PKCS#8 private key. */
public final class TlsMaterial {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private TlsMaterial() {}

  /**
   * The certificates of a PEM file, in order.
   *
   * @throws IllegalStateException naming the setting and the file when it cannot be read or holds none
   */
  public static List<X509Certificate> certificates(String setting, Path file) {
    try {
      return ClientCertificate.parsePem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalStateException(setting + ": cannot read '" + file + "' (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(setting + ": '" + file + "': " + e.getMessage());
    }
  }

  /**
   * The PKCS#8 private key of a PEM file ({@code -----BEGIN PRIVATE KEY-----}): EC, RSA or EdDSA.
   *
   * @throws IllegalStateException naming the setting and the file when it is not one
   */
  public static PrivateKey privateKey(String setting, Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(setting + ": cannot read '" + file + "' (" + e.getClass().getSimpleName() + ")");
    }
    Matcher m = PKCS8.matcher(pem);
    if (!m.find()) {
      throw new IllegalStateException(setting + ": '" + file + "' holds no PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----;"
          + " convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem)");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String alg : List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // not this algorithm
      }
    }
    throw new IllegalStateException(setting + ": '" + file + "': not an EC, RSA or EdDSA PKCS#8 key");
  }
}
