package io.jeton.server;

import io.jeton.dialect.wire.WireHeaders;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The correlation id of a request (SPEC section 4): {@code x-correlation-id}, else {@code
 * X-Request-Id}, else the trace id of a W3C {@code traceparent}, else a new random one. A
 * supplied id is used only if it is short printable ASCII, so that it is safe to echo and log.
 */
final class Correlation {
  static final String HEADER = "x-correlation-id";
  private static final int MAX_LENGTH = 128;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Correlation() {}

  static String of(WireHeaders headers) {
    String id = usable(headers.first(HEADER).orElse(null));
    if (id == null) {
      id = usable(headers.first("X-Request-Id").orElse(null));
    }
    if (id == null) {
      id = traceId(headers.first("traceparent").orElse(null));
    }
    return id == null ? generate() : id;
  }

  private static String usable(String v) {
    if (v == null || v.isEmpty() || v.length() > MAX_LENGTH) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    return v;
  }

  /** W3C Trace Context section 3.2: {@code version-traceid-parentid-flags}, trace id not all zeros. */
  static String traceId(String traceparent) {
    if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-'
        || traceparent.charAt(35) != '-') {
      return null;
    }
    String id = traceparent.substring(3, 35);
    boolean nonZero = false;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return null;
      }
      nonZero |= c != '0';
    }
    return nonZero ? id : null;
  }

  /** 128 random bits as 32 hex digits (not secret, so no SecureRandom). */
  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] out = new char[32];
    long a = r.nextLong();
    long b = r.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
      out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
    }
    return new String(out);
  }
}
