package io.jeton.server.tls;

import io.jeton.core.client.ClientCertificate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the TLS client certificate of a request comes from (SPEC section 8): the connection's
 * handshake, or, for a request from one of {@code tls.trustedProxies}, the {@code
 * tls.proxyCertHeader} in which that proxy forwards it. From any other address the header is
 * ignored, so nobody can claim a certificate by sending the header. Only reads: core decides.
 */
public final class ClientCertificates {
  /** No proxy header: certificates come from the handshake only. */
  public static final ClientCertificates HANDSHAKE_ONLY = new ClientCertificates("", List.of());

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----");
  private static final Pattern ENVOY_CERT = Pattern.compile("(?:^|[;,])\\s*Cert=\"([^\"]*)\"");

  private final String header;
  private final List<Cidr> proxies;

  public ClientCertificates(String header, List<String> trustedProxies) {
    this.header = header == null ? "" : header.trim();
    this.proxies = trustedProxies.stream().map(Cidr::parse).toList();
  }

  /** The proxy header, empty when off. */
  public String header() {
    return header;
  }

  /** Whether {@code remoteAddress} is a proxy whose header is honoured. */
  public boolean trusted(String remoteAddress) {
    if (header.isEmpty()) {
      return false;
    }
    for (Cidr c : proxies) {
      if (c.contains(remoteAddress)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The request's client certificate: from a trusted proxy, the one in its header (none when the
   * header is absent or empty, as nginx sends it for a client without one); from anyone else, the
   * one of the handshake.
   *
   * @param headerValues every value of the proxy header in the request
   * @throws IllegalArgumentException when a trusted proxy's header is repeated or is not a PEM certificate
   */
  public Optional<ClientCertificate> of(String remoteAddress, Optional<Certificate[]> handshake,
      List<String> headerValues) {
    if (trusted(remoteAddress)) {
      if (headerValues.size() > 1) {
        throw new IllegalArgumentException("header '" + header + "' is included more than once");
      }
      if (headerValues.isEmpty() || headerValues.get(0).isBlank()) {
        return Optional.empty();
      }
      return Optional.of(ClientCertificate.fromPem(pem(headerValues.get(0))));
    }
    if (handshake.isEmpty() || handshake.get().length == 0) {
      return Optional.empty();
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (Certificate c : handshake.get()) {
      if (c instanceof X509Certificate x) {
        chain.add(x);
      }
    }
    return chain.isEmpty() ? Optional.empty() : Optional.of(ClientCertificate.of(chain));
  }

  /**
   * The PEM text of a forwarded certificate: percent-decoded (a {@code +} stays a {@code +}: it is
   * base64, not a space), from Envoy's {@code Cert="..."} element when there is one, with the
   * base64 of each block re-wrapped (some proxies put it on one line or replace newlines by spaces).
   */
  static String pem(String value) {
    Matcher envoy = ENVOY_CERT.matcher(value);
    String raw = envoy.find() ? envoy.group(1) : value;
    String decoded = percentDecode(raw);
    Matcher m = BLOCK.matcher(decoded);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      out.append("-----BEGIN CERTIFICATE-----\n");
      String b64 = m.group(1).replaceAll("\\s", "");
      for (int i = 0; i < b64.length(); i += 64) {
        out.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
      }
      out.append("-----END CERTIFICATE-----\n");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate found");
    }
    return out.toString();
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("a bad %-escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("a bad %-escape");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c > 0x7e) {
        throw new IllegalArgumentException("a byte that is not ASCII");
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
