package io.jeton.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The key a request proved it holds, which a bound token's {@code cnf} must name: the public
 * key of the request's verified DPoP proof (RFC 9449 section 7.1: "the JWK SHA-256 Thumbprint of
 * the public key in the DPoP proof" must match {@code cnf.jkt}) or the TLS client certificate of
 * the connection (RFC 8705 section 3: its SHA-256 thumbprint must match {@code cnf.x5t#S256}).
 * The SDK does not verify the DPoP proof itself; the caller does, then passes its key.
 */
public sealed interface TokenBinding {
  /** A DPoP key by its RFC 7638 SHA-256 thumbprint (base64url). */
  static TokenBinding dpop(String jkt) {
    return new Dpop(jkt);
  }

  /** A DPoP proof's public key; its thumbprint is computed. */
  static TokenBinding dpop(JWK key) {
    try {
      return new Dpop(key.toPublicJWK().computeThumbprint("SHA-256").toString());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot compute the thumbprint of the key", e);
    }
  }

  /** A TLS client certificate by its SHA-256 thumbprint of the DER encoding (base64url). */
  static TokenBinding certificateThumbprint(String x5tS256) {
    return new Certificate(x5tS256);
  }

  /** A TLS client certificate; its thumbprint is computed. */
  static TokenBinding certificate(X509Certificate cert) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return new Certificate(Base64URL.encode(digest).toString());
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("cannot compute the thumbprint of the certificate", e);
    }
  }

  /** Whether {@code cnf} names this key (compared in constant time). */
  boolean matches(Confirmation cnf);

  /** A DPoP key thumbprint. */
  record Dpop(String jkt) implements TokenBinding {
    public Dpop {
      Objects.requireNonNull(jkt, "jkt");
    }

    @Override
    public boolean matches(Confirmation cnf) {
      return cnf.jkt().map(v -> same(v, jkt)).orElse(false);
    }
  }

  /** A certificate thumbprint. */
  record Certificate(String x5tS256) implements TokenBinding {
    public Certificate {
      Objects.requireNonNull(x5tS256, "x5tS256");
    }

    @Override
    public boolean matches(Confirmation cnf) {
      return cnf.x5tS256().map(v -> same(v, x5tS256)).orElse(false);
    }
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
