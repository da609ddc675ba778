package io.jeton.dialect.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.client.ClientCredentials.Method;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenRequestTest {
  private static final String FORM = "application/x-www-form-urlencoded";

  private static Parsed<TokenRequest> parse(String contentType, String body) {
    WireHeaders h = contentType == null ? WireHeaders.EMPTY : WireHeaders.single("Content-Type", contentType);
    return TokenRequest.parse(WireRequest.post(Map.of("realm", "acme"), h, body.getBytes(StandardCharsets.UTF_8)));
  }

  private static TokenRequest ok(String body) {
    Parsed<TokenRequest> p = parse(FORM, body);
    assertThat(p).isInstanceOf(Parsed.Ok.class);
    return ((Parsed.Ok<TokenRequest>) p).value();
  }

  private static OAuthError bad(String contentType, String body) {
    Parsed<TokenRequest> p = parse(contentType, body);
    assertThat(p).isInstanceOf(Parsed.Bad.class);
    return ((Parsed.Bad<TokenRequest>) p).error();
  }

  @Test
  void parse_clientCredentials_givesScope() {
    TokenRequest r = ok("grant_type=client_credentials&client_id=app&client_secret=s&scope=a+b");
    assertThat(r.grant()).isEqualTo(new TokenRequest.ClientCredentialsGrant(Optional.of("a b")));
    assertThat(r.client().method()).isEqualTo(Method.CLIENT_SECRET_POST);
  }

  @Test
  void parse_password_givesUsernameAndPassword() {
    assertThat(ok("grant_type=password&client_id=app&username=alice&password=p%26w").grant())
        .isEqualTo(new TokenRequest.Password("alice", "p&w", Optional.empty()));
  }

  @Test
  void parse_refresh_givesToken() {
    assertThat(ok("grant_type=refresh_token&client_id=app&refresh_token=abc").grant())
        .isEqualTo(new TokenRequest.Refresh("abc", Optional.empty()));
  }

  @Test
  void parse_missingGrantType_isInvalidRequest() {
    OAuthError e = bad(FORM, "client_id=app");
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.description()).isEqualTo("missing parameter 'grant_type'");
  }

  @Test
  void parse_unknownGrantType_isUnsupportedGrantType() {
    OAuthError e = bad(FORM, "grant_type=urn:x&client_id=app");
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_GRANT_TYPE);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.description()).isEqualTo("grant_type 'urn:x' is not supported");
  }

  @Test
  void parse_missingGrantParameters_areInvalidRequest() {
    assertThat(bad(FORM, "grant_type=password&client_id=app&password=x").description())
        .isEqualTo("missing parameter 'username'");
    assertThat(bad(FORM, "grant_type=password&client_id=app&username=x").description())
        .isEqualTo("missing parameter 'password'");
    assertThat(bad(FORM, "grant_type=refresh_token&client_id=app").description())
        .isEqualTo("missing parameter 'refresh_token'");
  }

  @Test
  void parse_wrongContentType_isInvalidRequest() {
    assertThat(bad("application/json", "{}").code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(bad(null, "grant_type=client_credentials").code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void parse_duplicateParameter_isInvalidRequest() {
    assertThat(bad(FORM, "grant_type=password&client_id=a&client_id=b").description())
        .isEqualTo("parameter 'client_id' is included more than once");
  }

  @Test
  void parse_noClient_isInvalidClient() {
    assertThat(bad(FORM, "grant_type=client_credentials").code()).isEqualTo(ErrorCode.INVALID_CLIENT);
  }
}
