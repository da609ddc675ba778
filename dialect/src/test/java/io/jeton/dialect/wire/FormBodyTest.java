package io.jeton.dialect.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormBodyTest {
  private static FormBody ok(String body) {
    return ok(body.getBytes(StandardCharsets.UTF_8));
  }

  private static FormBody ok(byte[] body) {
    Parsed<FormBody> p = FormBody.parse(body);
    assertThat(p).isInstanceOf(Parsed.Ok.class);
    return ((Parsed.Ok<FormBody>) p).value();
  }

  private static OAuthError bad(byte[] body) {
    Parsed<FormBody> p = FormBody.parse(body);
    assertThat(p).isInstanceOf(Parsed.Bad.class);
    return ((Parsed.Bad<FormBody>) p).error();
  }

  private static OAuthError bad(String body) {
    return bad(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_plainPairs_readsEveryValue() {
    FormBody f = ok("grant_type=client_credentials&scope=a");
    assertThat(f.get("grant_type")).contains("client_credentials");
    assertThat(f.get("scope")).contains("a");
    assertThat(f.size()).isEqualTo(2);
  }

  @Test
  void parse_escapesAndPlus_decodesAsUtf8() {
    FormBody f = ok("scope=a+b%20c&name=J%C3%BCrgen&sym=%26%3D%2b");
    assertThat(f.get("scope")).contains("a b c");
    assertThat(f.get("name")).contains("Jürgen");
    assertThat(f.get("sym")).contains("&=+");
  }

  @Test
  void parse_emptyValue_isTreatedAsOmitted() {
    FormBody f = ok("scope=&grant_type=password&flag");
    assertThat(f.get("scope")).isEmpty();
    assertThat(f.has("flag")).isFalse();
    assertThat(f.get("grant_type")).contains("password");
  }

  @Test
  void parse_emptyBodyAndStrayAmpersands_giveNoOrFewParameters() {
    assertThat(ok("").size()).isZero();
    assertThat(ok("&&a=1&&").get("a")).contains("1");
  }

  @Test
  void parse_valueContainingEquals_keepsEverythingAfterFirst() {
    assertThat(ok("token=abc==").get("token")).contains("abc==");
  }

  @Test
  void parse_duplicateName_isInvalidRequest() {
    OAuthError e = bad("grant_type=password&grant_type=client_credentials");
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.description()).isEqualTo("parameter 'grant_type' is included more than once");
  }

  @Test
  void parse_duplicateEmptyName_isStillInvalidRequest() {
    assertThat(bad("scope=&scope=a").code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void parse_badEscapes_areInvalidRequest() {
    for (String body : new String[] {"a=%", "a=%4", "a=%zz", "a=%4g&b=1", "%=1"}) {
      assertThat(bad(body).description())
          .as(body)
          .isEqualTo("the form body is malformed: a bad %-escape or bytes that are not UTF-8");
    }
  }

  @Test
  void parse_nonUtf8Bytes_areInvalidRequest() {
    assertThat(bad(new byte[] {'a', '=', (byte) 0xff, (byte) 0xfe}).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(bad("a=%C3%28").code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(bad("a=%ED%A0%80").code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void parse_rawUtf8Bytes_areAccepted() {
    assertThat(ok("name=Jürgen").get("name")).contains("Jürgen");
  }

  @Test
  void parse_missingName_isInvalidRequest() {
    assertThat(bad("=value").description()).isEqualTo("the form body is malformed: a parameter has no name");
  }

  @Test
  void parse_longDuplicateName_isClippedInDescription() {
    String name = "n".repeat(500);
    assertThat(bad(name + "=1&" + name + "=2").description()).hasSizeLessThan(120);
  }

  @Test
  void checkContentType_formWithUtf8Charset_isAccepted() {
    assertThat(FormBody.checkContentType(Optional.of("application/x-www-form-urlencoded"))).isEmpty();
    assertThat(FormBody.checkContentType(Optional.of("Application/X-WWW-Form-UrlEncoded; charset=UTF-8"))).isEmpty();
    assertThat(FormBody.checkContentType(Optional.of("application/x-www-form-urlencoded;charset=\"utf-8\""))).isEmpty();
  }

  @Test
  void checkContentType_missingOrOther_isInvalidRequest() {
    assertThat(FormBody.checkContentType(Optional.empty()).orElseThrow().description())
        .isEqualTo("the body must be application/x-www-form-urlencoded (Content-Type is missing)");
    assertThat(FormBody.checkContentType(Optional.of("application/json")).orElseThrow().description())
        .isEqualTo("the body must be application/x-www-form-urlencoded, not 'application/json'");
    assertThat(FormBody.checkContentType(Optional.of("application/x-www-form-urlencoded; charset=latin1"))
        .orElseThrow().description()).isEqualTo("charset 'latin1' is not supported; use UTF-8");
  }

  /** Found by FormBodyFuzzTest (corpus fuzz/content-type): split(";") of ";" is empty, so parts[0] threw. */
  @Test
  void checkContentType_onlySemicolons_isInvalidRequest() {
    for (String type : new String[] {";", ";;", " ; "}) {
      assertThat(FormBody.checkContentType(Optional.of(type)).orElseThrow().description())
          .isEqualTo("the body must be application/x-www-form-urlencoded, not ''");
    }
  }
}
