package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.testkit.Fuzz;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the query-string parsing of {@link WireHandler} (issue 6 point 9): any raw query
 * decodes into parameters or is malformed (null, which the handler refuses with 400); nothing
 * throws, and what a well-behaved client encodes decodes back unchanged, repeats and order kept.
 */
class WireHandlerFuzzTest {
  static final List<String> VALID = List.of("accessToken=eyJ.a.b", "token=a%2Bb&token=c", "a=1&b=&&c",
      "x=%C3%A9+%E2%80%A8", "=v&n=");

  @Test
  void query_anyRawString_decodesOrIsNull_neverThrow() {
    Fuzz.check("query any", 20261300L, 2000, f -> {
      String raw = f.logged("raw", f.pick(List.of(f.text(80),
          new String(f.mutate(f.pick(VALID).getBytes(StandardCharsets.ISO_8859_1), 4), StandardCharsets.ISO_8859_1),
          new String(f.nasty(), StandardCharsets.ISO_8859_1))));
      Map<String, List<String>> q = WireHandler.query(raw);
      if (q != null) {
        q.forEach((k, v) -> assertThat(v).isNotEmpty().doesNotContainNull());
      }
    });
  }

  @Test
  void query_encodedPairs_roundTrip() {
    Fuzz.check("query round trip", 20261301L, 500, f -> {
      Map<String, List<String>> sent = new LinkedHashMap<>();
      StringBuilder raw = new StringBuilder();
      for (int i = f.between(1, 6); i > 0; i--) {
        String name = "n" + f.unicode(6);
        String value = f.unicode(30);
        sent.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        raw.append(raw.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
      assertThat(WireHandler.query(f.logged("raw", raw.toString()))).isEqualTo(sent);
    });
  }
}
