package io.jeton.dialect.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.testkit.Fuzz;
import io.jeton.testkit.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link JsonBody} (issue 6 point 9): any bytes, edits of the committed corpus ({@code
 * fuzz/json}) and deep or wide documents parse into one object or are refused with {@code
 * invalid_request}; nothing throws, and no value reads past its limit.
 */
class JsonBodyFuzzTest {
  static final List<FuzzCorpus.Entry> CORPUS = FuzzCorpus.load("fuzz/json");

  static void assertParsedOrRefused(byte[] body) {
    Parsed<ObjectNode> p = JsonBody.parseObject(body);
    if (p instanceof Parsed.Bad<ObjectNode>(OAuthError e)) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.description()).isNotBlank().doesNotContain("Exception", "com.fasterxml", "line:", "column:");
      return;
    }
    ObjectNode object = ((Parsed.Ok<ObjectNode>) p).value();
    object.fieldNames().forEachRemaining(name -> {
      Parsed<Optional<String>> v = JsonBody.optionalString(object, name);
      if (v instanceof Parsed.Ok<Optional<String>>(Optional<String> s)) {
        assertThat(s.map(String::length).orElse(0)).isLessThanOrEqualTo(JsonBody.MAX_VALUE_LENGTH);
      }
    });
  }

  @Test
  void corpus_everyEntry_parsesOrIsRefused() {
    CORPUS.forEach(e -> assertParsedOrRefused(e.bytes()));
  }

  @Test
  void anyBytes_parseOrRefuse_neverThrow() {
    Fuzz.check("json any bytes", 20261210L, 1500, f -> assertParsedOrRefused(f.logged("body",
        f.pick(List.of(f.bytes(200), f.nasty(), f.text(80).getBytes(StandardCharsets.UTF_8))))));
  }

  @Test
  void mutatedCorpus_parseOrRefuse_neverThrow() {
    Fuzz.check("json mutated corpus", 20261211L, 2000, f ->
        assertParsedOrRefused(f.mutate(f.pick(CORPUS).bytes(), 4)));
  }

  /** Nesting beyond the limit, in objects or arrays, is refused, never a stack overflow. */
  @Test
  void deepOrWideDocuments_parseOrRefuse_neverThrow() {
    Fuzz.check("json deep or wide", 20261212L, 200, f -> {
      int depth = f.between(1, 5000);
      String open = f.pick("[", "{\"a\":");
      String close = open.equals("[") ? "]" : "}";
      String body = f.chance(0.5)
          ? "{\"x\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}"
          : "{" + "\"k\":1,".repeat(f.between(1, 3000)) + "\"z\":" + f.pick("1", "\"" + "a".repeat(9000) + "\"") + "}";
      assertParsedOrRefused(f.logged("body", body).getBytes(StandardCharsets.UTF_8));
    });
  }

  /** Any string a client sends, however escaped, comes back as the same string. */
  @Test
  void encodedString_roundTrips() {
    Fuzz.check("json round trip", 20261213L, 500, f -> {
      String value = f.text(100);
      ObjectNode doc = JsonNodeFactory.instance.objectNode().put("v", value);
      Parsed<ObjectNode> p = JsonBody.parseObject(doc.toString().getBytes(StandardCharsets.UTF_8));
      if (value.codePoints().anyMatch(c -> c >= 0xd800 && c <= 0xdfff)) {
        return; // a lone surrogate has no UTF-8 encoding: what the client sent is not this string
      }
      assertThat(p).isInstanceOf(Parsed.Ok.class);
      assertThat(JsonBody.optionalString(((Parsed.Ok<ObjectNode>) p).value(), "v"))
          .isEqualTo(Parsed.ok(value.isEmpty() ? Optional.of("") : Optional.of(value)));
    });
  }

  @Test
  void contentTypeCorpus_everyEntry_checkedOrRefused() {
    for (FuzzCorpus.Entry e : FuzzCorpus.load("fuzz/content-type")) {
      JsonBody.checkContentType(Optional.of(new String(e.bytes(), StandardCharsets.ISO_8859_1)))
          .ifPresent(error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
  }

  @Test
  void anyContentType_checkedOrRefused_neverThrow() {
    Fuzz.check("json content type", 20261214L, 1000, f -> {
      String type = f.logged("type", f.pick(List.of(f.text(60), "application/json;" + f.text(20),
          "application/" + f.text(10) + "+json", f.pick(";", ";;", " ; ", "", ";charset=utf-8"))));
      JsonBody.isJson(Optional.of(type));
      JsonBody.checkContentType(Optional.of(type))
          .ifPresent(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    });
  }
}
