package io.jeton.dialect.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
  @Test
  void parse_bearerWithB64Token_isTheToken() {
    assertThat(BearerToken.parse("Bearer abc.DEF-_~+/==")).contains("abc.DEF-_~+/==");
    assertThat(BearerToken.parse("bearer   tok")).contains("tok");
    assertThat(BearerToken.parse("BEARER tok")).contains("tok");
  }

  @Test
  void parse_otherSchemesOrMalformedTokens_areEmpty() {
    assertThat(BearerToken.parse("Basic YTpi")).isEmpty();
    assertThat(BearerToken.parse("Bearer")).isEmpty();
    assertThat(BearerToken.parse("Bearer ")).isEmpty();
    assertThat(BearerToken.parse("Bearer a b")).isEmpty();
    assertThat(BearerToken.parse("Bearer =abc")).isEmpty();
    assertThat(BearerToken.parse("Bearer ab=c")).isEmpty();
    assertThat(BearerToken.parse("Bearer \u00e9t\u00e9")).isEmpty();
    assertThat(BearerToken.parse("Bearer " + "a".repeat(8193))).isEmpty();
    assertThat(BearerToken.parse("Bearertok")).isEmpty();
  }

  @Test
  void token_bareValue_isCheckedTheSameWay() {
    assertThat(BearerToken.token("opaque_Token-1")).contains("opaque_Token-1");
    assertThat(BearerToken.token("")).isEmpty();
    assertThat(BearerToken.token("a\tb")).isEmpty();
  }
}
