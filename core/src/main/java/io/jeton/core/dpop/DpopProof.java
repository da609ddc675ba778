package io.jeton.core.dpop;

import java.util.Objects;

/**
 * The DPoP proof of one request as a dialect received it (RFC 9449 section 4): the first value of
 * its {@code DPoP} header and how many such header lines the request had, with the request's method
 * and the URL of the endpoint it was sent to (built from {@code publicUrl}, without query or
 * fragment). Core decides whether it proves anything ({@link DpopVerifier}); the dialect only
 * translates.
 */
public record DpopProof(String jwt, int headers, String method, String uri) {
  public DpopProof {
    Objects.requireNonNull(jwt, "jwt");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
  }

  /** One {@code DPoP} header. */
  public static DpopProof of(String jwt, String method, String uri) {
    return new DpopProof(jwt, 1, method, uri);
  }
}
