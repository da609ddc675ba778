package io.jeton.core.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * The X.509 certificate chain a client presented, leaf first (RFC 8705 section 2): from the TLS
 * handshake of the connection, or from the header of a trusted TLS-terminating proxy. The edge
 * only reads it; {@link ClientAuthenticator} decides whether it authenticates anyone. The client
 * proved possession of the leaf's key in the handshake (at the proxy, behind one).
 */
public final class ClientCertificate {
  private final List<X509Certificate> chain;
  private final byte[] leafDer;
  private final String x5tS256;

  private ClientCertificate(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a client certificate chain holds at least the leaf");
    }
    this.chain = List.copyOf(chain);
    try {
      this.leafDer = this.chain.get(0).getEncoded();
      this.x5tS256 = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(leafDer));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("the client certificate cannot be encoded", e);
    }
  }

  /** The chain as the TLS layer hands it over, leaf first. */
  public static ClientCertificate of(List<X509Certificate> chain) {
    Objects.requireNonNull(chain, "chain");
    return new ClientCertificate(chain);
  }

  /**
   * The certificates of PEM text ({@code -----BEGIN CERTIFICATE-----} blocks), leaf first.
   *
   * @throws IllegalArgumentException when the text holds no certificate or a malformed one
   */
  public static ClientCertificate fromPem(String pem) {
    return new ClientCertificate(parsePem(pem));
  }

  /** Every certificate of PEM text, in order; refuses text with none. */
  public static List<X509Certificate> parsePem(String pem) {
    Objects.requireNonNull(pem, "pem");
    try {
      Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> out = new ArrayList<>(certs.size());
      for (java.security.cert.Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate found");
      }
      return out;
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("not a PEM X.509 certificate: " + e.getMessage(), e);
    }
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The leaf's DER encoding (a copy). */
  public byte[] leafDer() {
    return leafDer.clone();
  }

  /** Whether the leaf is, byte for byte, {@code der} (RFC 8705 section 2.2). */
  public boolean leafEquals(byte[] der) {
    return MessageDigest.isEqual(leafDer, der);
  }

  /** The leaf's subject distinguished name in RFC 2253 form. */
  public String subjectDn() {
    return leaf().getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  /** RFC 8705 section 3.1: base64url of the SHA-256 of the leaf's DER, the {@code cnf} {@code x5t#S256}. */
  public String x5tS256() {
    return x5tS256;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientCertificate c && Arrays.equals(leafDer, c.leafDer) && chain.equals(c.chain);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(leafDer);
  }

  @Override
  public String toString() {
    return "ClientCertificate[" + subjectDn() + ", x5t#S256=" + x5tS256 + "]";
  }
}
