package io.jeton.server.admin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path with named segments, {@code /admin/realms/{realm}/clients/{clientId}}, as the
 * OpenAPI document writes it. Matching works on the raw path, each segment %-decoded on its own,
 * so that a client id or username holding {@code /} (sent as {@code %2F}) stays one segment.
 */
record PathTemplate(String template, List<String> segments) {
  PathTemplate {
    segments = List.copyOf(segments);
  }

  static PathTemplate of(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a path template starts with '/': " + template);
    }
    return new PathTemplate(template, List.of(template.substring(1).split("/", -1)));
  }

  /** The names of the {@code {...}} segments, in order. */
  List<String> parameters() {
    return segments.stream().filter(PathTemplate::isParameter).map(s -> s.substring(1, s.length() - 1)).toList();
  }

  /** The parameter values when the decoded segments fit this template. */
  Optional<Map<String, String>> match(List<String> decoded) {
    if (decoded.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>(4);
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      if (isParameter(s)) {
        if (decoded.get(i).isEmpty()) {
          return Optional.empty();
        }
        params.put(s.substring(1, s.length() - 1), decoded.get(i));
      } else if (!s.equals(decoded.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  private static boolean isParameter(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }

  /**
   * The segments of a raw path ({@code /a/b%2Fc} is {@code [a, b/c]}), each %-decoded as UTF-8
   * ({@code +} stays a plus); empty when an escape is bad or the bytes are not UTF-8.
   */
  static Optional<List<String>> decode(String rawPath) {
    if (!rawPath.startsWith("/")) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (String raw : rawPath.substring(1).split("/", -1)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream(raw.length());
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '%') {
          if (i + 2 >= raw.length()) {
            return Optional.empty();
          }
          int hi = Character.digit(raw.charAt(i + 1), 16);
          int lo = Character.digit(raw.charAt(i + 2), 16);
          if (hi < 0 || lo < 0) {
            return Optional.empty();
          }
          b.write(hi * 16 + lo);
          i += 2;
        } else if (c > 0x7f) {
          return Optional.empty();
        } else {
          b.write(c);
        }
      }
      try {
        out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b.toByteArray())).toString());
      } catch (CharacterCodingException e) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }
}
