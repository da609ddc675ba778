package io.jeton.bench.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a client authenticates its {@code grant_type=client_credentials} request (RFC 6749 section
 * 4.4), and over what transport. Each mode has its own client in the realm (bench/tls.sh).
 */
enum Mode {
  /** Plain HTTP, {@code client_secret_basic} (RFC 6749 section 2.3.1): the baseline. */
  HTTP_SECRET("http-secret", false),
  /** HTTPS, {@code client_secret_basic}. */
  TLS_SECRET("tls-secret", true),
  /** HTTPS with a CA-issued client certificate, {@code tls_client_auth} (RFC 8705 section 2.1): PKIX per request. */
  TLS_MTLS("tls-mtls", true),
  /** HTTPS with the registered self-signed certificate, {@code self_signed_tls_client_auth} (section 2.2). */
  TLS_MTLS_SELF("tls-mtls-self", true),
  /** HTTPS, {@code private_key_jwt} (RFC 7523 section 2.2): a fresh ES256 assertion, new {@code jti}, per request. */
  TLS_PKJWT("tls-pkjwt", true),
  /** HTTPS, {@code client_secret_basic} and a fresh DPoP proof per request (RFC 9449 section 4). */
  TLS_DPOP("tls-dpop", true);

  final String id;
  final boolean tls;

  Mode(String id, boolean tls) {
    this.id = id;
    this.tls = tls;
  }

  /** The {@code token_type} a 200 must carry (RFC 9449 section 5: DPoP-bound tokens are type DPoP). */
  String tokenType() {
    return this == TLS_DPOP ? "DPoP" : "Bearer";
  }

  /** Whether the access token must carry {@code cnf.x5t#S256} (RFC 8705 section 3). */
  boolean certificateBound() {
    return this == TLS_MTLS || this == TLS_MTLS_SELF;
  }

  static Mode of(String id) {
    for (Mode m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + id + "' (" + ids() + ")");
  }

  static String ids() {
    return Arrays.stream(values()).map(m -> m.id).collect(Collectors.joining(", "));
  }
}
