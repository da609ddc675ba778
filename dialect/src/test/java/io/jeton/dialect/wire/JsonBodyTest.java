package io.jeton.dialect.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
  private static Parsed<ObjectNode> parse(String s) {
    return JsonBody.parseObject(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String refusal(Parsed<?> p) {
    assertThat(p).isInstanceOf(Parsed.Bad.class);
    Parsed.Bad<?> bad = (Parsed.Bad<?>) p;
    assertThat(bad.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    return bad.error().description();
  }

  @Test
  void parseObject_object_isOk() {
    Parsed<ObjectNode> p = parse("{\"a\":\"b\",\"n\":{\"x\":[1,2]}}");
    assertThat(((Parsed.Ok<ObjectNode>) p).value().get("a").textValue()).isEqualTo("b");
  }

  @Test
  void parseObject_badBodies_areRefusedWithADescription() {
    assertThat(refusal(JsonBody.parseObject(new byte[0]))).isEqualTo("the request body is empty; a JSON object is required");
    assertThat(refusal(parse("{"))).isEqualTo("the request body is not valid JSON");
    assertThat(refusal(parse("{}x"))).isEqualTo("the request body is not valid JSON");
    assertThat(refusal(parse("{\"a\":1,\"a\":2}"))).isEqualTo("the request body is not valid JSON (a member is repeated)");
    assertThat(refusal(parse("null"))).isEqualTo("the request body must be a JSON object");
    assertThat(refusal(parse("42"))).isEqualTo("the request body must be a JSON object");
    assertThat(refusal(parse("{\"a\":" + "[".repeat(17) + "]".repeat(17) + "}"))).isEqualTo("the request body is not valid JSON");
    assertThat(refusal(JsonBody.parseObject(new byte[] {'{', '"', (byte) 0xC0, (byte) 0x80, '"', ':', '1', '}'})))
        .isEqualTo("the request body is not valid UTF-8");
  }

  @Test
  void optionalString_absentNullWrongTypeOrTooLong() {
    ObjectNode o = ((Parsed.Ok<ObjectNode>) parse("{\"s\":\"v\",\"z\":null,\"n\":1,\"b\":true,\"long\":\""
        + "x".repeat(4097) + "\"}")).value();
    assertThat(((Parsed.Ok<Optional<String>>) JsonBody.optionalString(o, "s")).value()).contains("v");
    assertThat(((Parsed.Ok<Optional<String>>) JsonBody.optionalString(o, "z")).value()).isEmpty();
    assertThat(((Parsed.Ok<Optional<String>>) JsonBody.optionalString(o, "missing")).value()).isEmpty();
    assertThat(refusal(JsonBody.optionalString(o, "n"))).isEqualTo("'n' must be a string");
    assertThat(refusal(JsonBody.optionalString(o, "b"))).isEqualTo("'b' must be a string");
    assertThat(refusal(JsonBody.optionalString(o, "long"))).isEqualTo("'long' is longer than 4096 characters");
  }

  @Test
  void contentType_jsonVariantsAndCharsets() {
    assertThat(JsonBody.checkContentType(Optional.of("application/json"))).isEmpty();
    assertThat(JsonBody.checkContentType(Optional.of("Application/JSON; charset=\"UTF-8\""))).isEmpty();
    assertThat(JsonBody.checkContentType(Optional.of("application/vnd.api+json"))).isEmpty();
    assertThat(JsonBody.checkContentType(Optional.of("application/json; charset=iso-8859-1")).orElseThrow()
        .description()).isEqualTo("charset 'iso-8859-1' is not supported; use UTF-8");
    assertThat(JsonBody.checkContentType(Optional.of("text/json")).orElseThrow().description())
        .isEqualTo("the body must be application/json, not 'text/json'");
    assertThat(JsonBody.checkContentType(Optional.empty()).orElseThrow().description())
        .isEqualTo("the body must be application/json (Content-Type is missing)");
    assertThat(JsonBody.isJson(Optional.of("application/x-www-form-urlencoded"))).isFalse();
  }

  /** Found by JsonBodyFuzzTest (corpus fuzz/content-type): split(";") of ";" is empty, so parts[0] threw. */
  @Test
  void checkContentType_onlySemicolons_isInvalidRequest() {
    for (String type : new String[] {";", ";;", " ; "}) {
      assertThat(JsonBody.checkContentType(Optional.of(type)).orElseThrow().description())
          .isEqualTo("the body must be application/json, not ''");
    }
  }
}
