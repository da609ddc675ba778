package io.jeton.dialect.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response as a dialect produces it: status, headers and the whole body. The server
 * writes it in one go, so a response is either complete or not sent at all.
 */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {
  /** Headers of every JSON token response and error, RFC 6749 section 5.1. */
  public static final Map<String, String> NO_STORE_JSON =
      Map.of("Content-Type", "application/json", "Cache-Control", "no-store", "Pragma", "no-cache");

  public WireResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status " + status + " is not an HTTP status");
    }
    headers = headers == null ? Map.of() : headers;
    body = body == null ? new byte[0] : body;
  }

  /** A JSON body that must not be cached (tokens, errors, introspection). */
  public static WireResponse noStoreJson(int status, byte[] body) {
    return new WireResponse(status, NO_STORE_JSON, body);
  }

  /** This response with one more header (or a replaced one). */
  /**
   * This response with {@code Retry-After} in whole seconds, rounded up, at least 1 (RFC 9110
   * section 10.2.3), when the refusal says when to retry; unchanged otherwise.
   */
  public WireResponse withRetryAfter(java.util.Optional<java.time.Duration> after) {
    if (after.isEmpty()) {
      return this;
    }
    long ms = after.get().toMillis();
    return withHeader("Retry-After", Long.toString(Math.max(1, (ms + 999) / 1000)));
  }

  public WireResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new WireResponse(status, Map.copyOf(h), body);
  }

  /** The header by name, compared without regard to case; null when absent. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
