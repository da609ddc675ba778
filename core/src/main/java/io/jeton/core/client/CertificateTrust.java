package io.jeton.core.client;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this node knows about client certificates (RFC 8705 section 2): whether its listener (or a
 * trusted proxy) can carry them at all, and the certificate authorities trusted for {@code
 * tls_client_auth} (config {@code tls.clientCaFile}). No TLS here: the edge terminates it and
 * hands core the chain ({@link ClientCertificate}).
 *
 * @param offered whether requests can carry a client certificate (TLS on, or a proxy header set):
 *     the metadata then lists the certificate methods
 * @param authorities the trust anchors of {@code tls_client_auth}; empty: no CA-issued certificate
 *     authenticates anyone
 */
public record CertificateTrust(boolean offered, List<X509Certificate> authorities) {
  /** No client certificates reach this node. */
  public static final CertificateTrust NONE = new CertificateTrust(false, List.of());

  public CertificateTrust {
    authorities = authorities == null ? List.of() : List.copyOf(authorities);
  }

  /**
   * Whether {@code presented} chains to one of {@link #authorities} and every certificate of it is
   * valid at {@code now} (PKIX, RFC 5280 section 6; no revocation check: the CA file is the policy).
   */
  public boolean verifies(ClientCertificate presented, Instant now) {
    Objects.requireNonNull(presented, "presented");
    if (authorities.isEmpty()) {
      return false;
    }
    Set<TrustAnchor> anchors = authorities.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
    List<X509Certificate> path = new ArrayList<>(presented.chain());
    // a chain that ends with the anchor itself: the anchor is not part of the path (RFC 5280 6.1)
    path.removeIf(c -> path.indexOf(c) > 0 && authorities.contains(c));
    try {
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return true;
    } catch (CertPathValidatorException e) {
      return false;
    } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | CertificateException e) {
      throw new IllegalStateException("the JDK's PKIX validator is unavailable", e);
    }
  }
}
