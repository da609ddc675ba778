package io.jeton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.dialect.wire.WireResponse;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every dialect benchmark measures a 200, and the refresh chain keeps going; two calls of each. */
class DialectOverheadBenchmarkTest {
  private DialectOverheadBenchmark b;

  @BeforeEach
  void setUp() throws Exception {
    b = new DialectOverheadBenchmark();
    b.setUp();
  }

  @AfterEach
  void tearDown() throws Exception {
    b.tearDown();
  }

  @Test
  void everyBenchmark_calledTwice_answers200Twice() {
    List<Supplier<WireResponse>> all = List.of(b::validateOauth2Introspect, b::validateC1,
        b::validateOnesaitCheckToken, b::refreshOauth2, b::refreshC1, b::refreshOnesait, b::refreshAgs,
        b::refreshAmino, b::loginOauth2Password, b::loginC1, b::loginOnesait, b::loginAgsSignon, b::loginAmino);
    for (Supplier<WireResponse> call : all) {
      assertThat(call.get().status()).isEqualTo(200);
      assertThat(call.get().status()).isEqualTo(200);
    }
  }

  @Test
  void clientCredentials_calledTwice_issuesTwoTokens() {
    assertThat(DialectOverheadBenchmark.field(b.issueOauth2ClientCredentials().body(), "access_token"))
        .isNotEqualTo(DialectOverheadBenchmark.field(b.issueOauth2ClientCredentials().body(), "access_token"));
  }

  @Test
  void revoke_freshToken_answers200AndTheTokenIsNoLongerValid() {
    DialectOverheadBenchmark.FreshToken fresh = new DialectOverheadBenchmark.FreshToken();
    for (int i = 0; i < 2; i++) {
      fresh.mint(b);
      assertThat(b.validateToken(fresh.token)).isPresent();
      assertThat(b.revokeOauth2(fresh).status()).isEqualTo(200);
      assertThat(b.validateToken(fresh.token)).isEmpty();
    }
  }

  @Test
  void parts_validTokenAndUser_succeed() {
    assertThat(b.partEngineValidateAccessToken()).isNotNull();
    assertThat(b.partEngineUserLookup()).isNotNull();
    assertThat(b.partEngineAuthenticateClient())
        .isInstanceOf(io.jeton.core.client.ClientAuthentication.Authenticated.class);
    assertThat(b.validateOauth2IntrospectPlusUserLookup()).isNotNull();
  }

  @Test
  void field_tokenResponse_isTheRefreshToken() {
    assertThat(DialectOverheadBenchmark.field("{\"a\":1,\"refresh_token\":\"x.y-z\",\"b\":\"c\"}".getBytes(),
        "refresh_token")).isEqualTo("x.y-z");
  }
}
