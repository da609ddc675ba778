package io.jeton.dialect.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
  static String basic(String raw) {
    return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static ClientCredentials ok(String header) {
    return switch (BasicCredentials.parse(WireHeaders.single("Authorization", header))) {
      case Parsed.Ok<ClientCredentials>(var c) -> c;
      case Parsed.Bad<ClientCredentials>(var e) -> throw new AssertionError(e.description());
    };
  }

  static ErrorCode bad(WireHeaders headers) {
    return switch (BasicCredentials.parse(headers)) {
      case Parsed.Ok<ClientCredentials>(var c) -> throw new AssertionError("accepted " + c);
      case Parsed.Bad<ClientCredentials>(var e) -> e.code();
    };
  }

  @Test
  void parse_wellFormedBasic_returnsIdAndSecret() {
    ClientCredentials c = ok(basic("app:s3cret:with:colons"));
    assertEquals("app", c.clientId().value());
    assertEquals(Optional.of("s3cret:with:colons"), c.secret());
    assertEquals(ClientCredentials.Method.CLIENT_SECRET_BASIC, c.method());
  }

  @Test
  void parse_formEncodedIdAndSecret_areDecoded() {
    ClientCredentials c = ok(basic("my%20app:a%2Bb+c"));
    assertEquals("my app", c.clientId().value());
    assertEquals(Optional.of("a+b c"), c.secret());
  }

  @Test
  void parse_emptySecret_isNoSecret() {
    assertEquals(Optional.empty(), ok("basic " + Base64.getEncoder().encodeToString("app:".getBytes())).secret());
  }

  @Test
  void parse_missingHeader_isInvalidClient() {
    assertEquals(ErrorCode.INVALID_CLIENT, bad(WireHeaders.EMPTY));
  }

  @Test
  void parse_repeatedHeader_isInvalidRequest() {
    assertEquals(ErrorCode.INVALID_REQUEST,
        bad(WireHeaders.of(Map.of("Authorization", List.of(basic("a:b"), basic("c:d"))))));
  }

  @Test
  void parse_malformedHeaders_areInvalidClient() {
    for (String h : List.of("Bearer x", "Basic", "Basic !!!", basic("no-colon"), basic(":secret"), basic("%zz:x"),
        basic("x".repeat(200) + ":s"), "Basic " + "A".repeat(5000))) {
      assertEquals(ErrorCode.INVALID_CLIENT, bad(WireHeaders.single("Authorization", h)), h);
    }
  }
}
