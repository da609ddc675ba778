package io.jeton.dialect.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.client.ClientCredentials.Method;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAuthTest {
  private static FormBody form(String body) {
    return ((Parsed.Ok<FormBody>) FormBody.parse(body.getBytes(StandardCharsets.UTF_8))).value();
  }

  private static String basic(String raw) {
    return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static ClientCredentials ok(WireHeaders h, String body) {
    Parsed<ClientCredentials> p = ClientAuth.parse(h, form(body));
    assertThat(p).isInstanceOf(Parsed.Ok.class);
    return ((Parsed.Ok<ClientCredentials>) p).value();
  }

  private static OAuthError bad(WireHeaders h, String body) {
    Parsed<ClientCredentials> p = ClientAuth.parse(h, form(body));
    assertThat(p).isInstanceOf(Parsed.Bad.class);
    return ((Parsed.Bad<ClientCredentials>) p).error();
  }

  @Test
  void parse_basic_givesIdSecretAndMethod() {
    ClientCredentials c = ok(WireHeaders.single("authorization", basic("app:s3cret")), "");
    assertThat(c).isEqualTo(new ClientCredentials(new ClientId("app"), Optional.of("s3cret"), Method.CLIENT_SECRET_BASIC));
  }

  @Test
  void parse_basicWithFormEncodedParts_urlDecodesBoth() {
    // RFC 6749 section 2.3.1: id and secret are form-urlencoded before base64
    ClientCredentials c = ok(WireHeaders.single("Authorization", basic("my%3Aapp:p%40ss+word%C3%A9")), "");
    assertThat(c.clientId().value()).isEqualTo("my:app");
    assertThat(c.secret()).contains("p@ss wordé");
  }

  @Test
  void parse_basicSchemeInOtherCase_isAccepted() {
    String h = "bAsIc " + Base64.getEncoder().encodeToString("app:x".getBytes(StandardCharsets.UTF_8));
    assertThat(ok(WireHeaders.single("Authorization", h), "").clientId().value()).isEqualTo("app");
  }

  @Test
  void parse_basicWithMatchingFormClientId_isAccepted() {
    assertThat(ok(WireHeaders.single("Authorization", basic("app:x")), "client_id=app").secret()).contains("x");
  }

  @Test
  void parse_basicWithEmptySecret_hasNoSecret() {
    assertThat(ok(WireHeaders.single("Authorization", basic("pub:")), "").secret()).isEmpty();
  }

  @Test
  void parse_post_givesIdSecretAndMethod() {
    ClientCredentials c = ok(WireHeaders.EMPTY, "client_id=app&client_secret=s");
    assertThat(c).isEqualTo(new ClientCredentials(new ClientId("app"), Optional.of("s"), Method.CLIENT_SECRET_POST));
  }

  @Test
  void parse_clientIdAlone_isPublicClient() {
    assertThat(ok(WireHeaders.EMPTY, "client_id=pub").method()).isEqualTo(Method.NONE);
  }

  @Test
  void parse_basicAndPostTogether_isInvalidRequest() {
    OAuthError e = bad(WireHeaders.single("Authorization", basic("app:x")), "client_id=app&client_secret=x");
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.description())
        .isEqualTo("the client used more than one authentication method (HTTP Basic and client_secret)");
  }

  @Test
  void parse_basicWithOtherFormClientId_isInvalidRequest() {
    assertThat(bad(WireHeaders.single("Authorization", basic("app:x")), "client_id=other").code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void parse_nothing_isInvalidClient() {
    OAuthError e = bad(WireHeaders.EMPTY, "grant_type=client_credentials");
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CLIENT);
    assertThat(e.status()).isEqualTo(401);
  }

  @Test
  void parse_garbageBasic_isInvalidClient() {
    for (String h : new String[] {"Basic", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()),
        "Bearer abc", "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff}),
        basic("a%zz:b"), basic(":secret"), "Basic " + "A".repeat(5000)}) {
      OAuthError e = bad(WireHeaders.single("Authorization", h), "");
      assertThat(e.code()).as(h).isEqualTo(ErrorCode.INVALID_CLIENT);
      assertThat(e.status()).as(h).isEqualTo(401);
    }
  }

  @Test
  void parse_twoAuthorizationHeaders_isInvalidRequest() {
    assertThat(bad(WireHeaders.single("Authorization", basic("a:b"), "authorization", basic("c:d")), "").code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void parse_tooLongClientId_isInvalidClient() {
    assertThat(bad(WireHeaders.EMPTY, "client_id=" + "a".repeat(200)).code()).isEqualTo(ErrorCode.INVALID_CLIENT);
  }
}
