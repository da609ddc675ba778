package io.jeton.dialect.wire;

import io.jeton.core.error.OAuthError;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A strictly parsed {@code application/x-www-form-urlencoded} body (WHATWG URL section 5, as RFC
 * 6749 appendix B uses it), decoded as UTF-8. Refuses bad %-escapes, bytes that are not UTF-8 and
 * repeated names: RFC 6749 section 3.2, "Request and response parameters MUST NOT be included
 * more than once." The one exception is {@code resource}, which RFC 8707 section 2 makes
 * repeatable ("Multiple resource parameters MAY be used"): read it with {@link #all}.
 */
public final class FormBody {
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final int MAX_NAME_IN_MESSAGE = 64;

  /** The parameters that may appear more than once. */
  private static final java.util.Set<String> REPEATABLE = java.util.Set.of("resource");

  private final Map<String, String> values;
  private final Map<String, java.util.List<String>> repeated;

  private FormBody(Map<String, String> values, Map<String, java.util.List<String>> repeated) {
    this.values = values;
    this.repeated = repeated;
  }

  /**
   * Every non-empty value of a repeatable parameter ({@code resource}), in order; for any other
   * name, its one value if present.
   */
  public java.util.List<String> all(String name) {
    java.util.List<String> r = repeated.get(name);
    if (r == null) {
      return get(name).map(java.util.List::of).orElse(java.util.List.of());
    }
    return r.stream().filter(v -> !v.isEmpty()).toList();
  }

  /**
   * The parameter's value; empty when absent or empty, since RFC 6749 section 3.1 says
   * "Parameters sent without a value MUST be treated as if they were omitted from the request."
   */
  public Optional<String> get(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** Whether the parameter is present with a non-empty value. */
  public boolean has(String name) {
    return get(name).isPresent();
  }

  /** The number of distinct parameter names, including those with empty values. */
  public int size() {
    return values.size();
  }

  /** Checks that the content type is a form, with no charset other than UTF-8. */
  public static Optional<OAuthError> checkContentType(Optional<String> contentType) {
    if (contentType.isEmpty()) {
      return Optional.of(OAuthError.invalidRequest("the body must be " + FORM + " (Content-Type is missing)"));
    }
    String[] parts = contentType.get().split(";", -1); // -1: ";" is [""], not an empty array
    if (!parts[0].trim().equalsIgnoreCase(FORM)) {
      return Optional.of(OAuthError.invalidRequest("the body must be " + FORM + ", not '"
          + clip(parts[0].trim()) + "'"));
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String cs = p.substring(eq + 1).trim();
        if (cs.length() >= 2 && cs.startsWith("\"") && cs.endsWith("\"")) {
          cs = cs.substring(1, cs.length() - 1);
        }
        String lower = cs.toLowerCase(Locale.ROOT);
        if (!lower.equals("utf-8") && !lower.equals("utf8") && !lower.equals("us-ascii")) {
          return Optional.of(OAuthError.invalidRequest("charset '" + clip(cs) + "' is not supported; use UTF-8"));
        }
      }
    }
    return Optional.empty();
  }

  /** Parses the whole body; an empty body is a form with no parameters. */
  public static Parsed<FormBody> parse(byte[] body) {
    Map<String, String> values = new HashMap<>(8);
    Map<String, java.util.List<String>> repeated = new HashMap<>(2);
    int start = 0;
    int n = body.length;
    while (start <= n) {
      int amp = indexOf(body, (byte) '&', start, n);
      int end = amp < 0 ? n : amp;
      if (end > start) {
        int eq = indexOf(body, (byte) '=', start, end);
        String name = decodeComponent(body, start, eq < 0 ? end : eq);
        String value = eq < 0 ? "" : decodeComponent(body, eq + 1, end);
        if (name == null || value == null) {
          return Parsed.bad(OAuthError.invalidRequest(
              "the form body is malformed: a bad %-escape or bytes that are not UTF-8"));
        }
        if (name.isEmpty()) {
          return Parsed.bad(OAuthError.invalidRequest("the form body is malformed: a parameter has no name"));
        }
        if (REPEATABLE.contains(name)) {
          repeated.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
          values.putIfAbsent(name, value);
        } else if (values.putIfAbsent(name, value) != null) {
          return Parsed.bad(
              OAuthError.invalidRequest("parameter '" + clip(name) + "' is included more than once"));
        }
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    return Parsed.ok(new FormBody(values, repeated));
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Decodes one name or value: {@code +} is a space, {@code %XX} a byte, and the bytes must be
   * UTF-8. Null when malformed. Plain ASCII without escapes, the common case, copies once.
   */
  public static String decodeComponent(byte[] b, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '%' || c == '+' || c < 0) {
        plain = false;
        break;
      }
    }
    if (plain) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
    byte[] out = new byte[to - from];
    int len = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '+') {
        out[len++] = ' ';
      } else if (c == '%') {
        if (i + 2 >= to) {
          return null;
        }
        int hi = Character.digit(b[i + 1], 16);
        int lo = Character.digit(b[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[len++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else {
        out[len++] = c;
      }
    }
    return strictUtf8(out, 0, len);
  }

  /** The bytes as UTF-8, or null if they are not valid UTF-8. */
  public static String strictUtf8(byte[] b, int from, int len) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, len));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** A value shortened for an error description. */
  public static String clip(String s) {
    return s.length() <= MAX_NAME_IN_MESSAGE ? s : s.substring(0, MAX_NAME_IN_MESSAGE) + "...";
  }
}
