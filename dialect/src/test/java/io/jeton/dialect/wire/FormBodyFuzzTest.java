package io.jeton.dialect.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.testkit.Fuzz;
import io.jeton.testkit.FuzzCorpus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link FormBody} (issue 6 point 9): any bytes, and edits of the committed corpus
 * ({@code fuzz/form}), parse or are refused with {@code invalid_request}; nothing throws.
 */
class FormBodyFuzzTest {
  static final List<FuzzCorpus.Entry> CORPUS = FuzzCorpus.load("fuzz/form");

  /** A parse that returned: a form, or a 400 {@code invalid_request} that says what is wrong. */
  static void assertParsedOrRefused(byte[] body) {
    Parsed<FormBody> p = FormBody.parse(body);
    if (p instanceof Parsed.Bad<FormBody>(OAuthError e)) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.description()).isNotBlank().hasSizeLessThan(200);
    } else {
      assertThat(p).isInstanceOf(Parsed.Ok.class);
    }
  }

  @Test
  void corpus_everyEntry_parsesOrIsRefused() {
    CORPUS.forEach(e -> assertParsedOrRefused(e.bytes()));
  }

  @Test
  void anyBytes_parseOrRefuse_neverThrow() {
    Fuzz.check("form any bytes", 20261202L, 1500, f -> assertParsedOrRefused(f.logged("body",
        f.pick(List.of(f.bytes(300), f.nasty(), f.text(80).getBytes(StandardCharsets.UTF_8))))));
  }

  @Test
  void mutatedCorpus_parseOrRefuse_neverThrow() {
    Fuzz.check("form mutated corpus", 20261203L, 1500, f ->
        assertParsedOrRefused(f.mutate(f.pick(CORPUS).bytes(), 4)));
  }

  /** What a well-behaved client encodes, any Unicode text, decodes back to the same values. */
  @Test
  void encodedPairs_roundTrip() {
    Fuzz.check("form round trip", 20261204L, 500, f -> {
      Map<String, String> pairs = new LinkedHashMap<>();
      for (int i = f.between(0, 6); i > 0; i--) {
        String name = f.unicode(20);
        if (!name.isEmpty()) {
          pairs.put(name, f.unicode(40));
        }
      }
      String body = f.logged("body", encode(pairs));
      Parsed<FormBody> p = FormBody.parse(body.getBytes(StandardCharsets.US_ASCII));
      assertThat(p).isInstanceOf(Parsed.Ok.class);
      FormBody form = ((Parsed.Ok<FormBody>) p).value();
      assertThat(form.size()).isEqualTo(pairs.size());
      pairs.forEach((k, v) -> assertThat(form.get(k)).isEqualTo(v.isEmpty() ? Optional.empty() : Optional.of(v)));
    });
  }

  /** RFC 6749 section 3.2: a parameter included twice is refused, whatever else the body holds. */
  @Test
  void repeatedName_anywhere_isRefused() {
    Fuzz.check("form repeated name", 20261205L, 500, f -> {
      Map<String, String> pairs = new LinkedHashMap<>();
      String name = "n" + f.unicode(10);
      pairs.put(name, f.unicode(10));
      for (int i = f.between(0, 4); i > 0; i--) {
        pairs.put("o" + f.unicode(10), f.unicode(10));
      }
      String body = f.logged("body", encode(pairs) + "&" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "=x");
      assertThat(FormBody.parse(body.getBytes(StandardCharsets.US_ASCII))).isInstanceOf(Parsed.Bad.class);
    });
  }

  @Test
  void contentTypeCorpus_everyEntry_checkedOrRefused() {
    for (FuzzCorpus.Entry e : FuzzCorpus.load("fuzz/content-type")) {
      FormBody.checkContentType(Optional.of(new String(e.bytes(), StandardCharsets.ISO_8859_1)))
          .ifPresent(error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
  }

  @Test
  void anyContentType_checkedOrRefused_neverThrow() {
    Fuzz.check("form content type", 20261206L, 1000, f -> {
      String type = f.logged("type", f.pick(List.of(f.text(60),
          "application/x-www-form-urlencoded;" + f.text(20), f.pick(";", ";;", " ; ", "", ";charset=utf-8"))));
      FormBody.checkContentType(Optional.of(type))
          .ifPresent(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    });
  }

  private static String encode(Map<String, String> pairs) {
    StringBuilder b = new StringBuilder();
    pairs.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }
}
