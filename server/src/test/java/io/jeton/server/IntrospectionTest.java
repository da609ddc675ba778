package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.form;
import static io.jeton.server.TestNode.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection over HTTP. */
class IntrospectionTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void userAccessToken_isActiveWithEveryClaim() throws Exception {
    JsonNode login = node.login("acme");
    String at = login.get("access_token").asText();
    HttpResponse<String> r = node.post("acme", "introspect", "app", "app-secret", form("token", at));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode b = TestNode.json(r);
    assertThat(keys(b)).isEqualTo(Set.of("active", "scope", "client_id", "token_type", "username", "exp", "iat",
        "sub", "aud", "iss", "jti", "sid"));
    var claims = SignedJWT.parse(at).getJWTClaimsSet();
    // RFC 7662 section 2.2: "username", the resource owner who authorized this token
    assertThat(b.get("username").asText()).isEqualTo("alice");
    assertThat(b.get("active").asBoolean()).isTrue();
    assertThat(b.get("scope").asText()).isEqualTo("read write");
    assertThat(b.get("client_id").asText()).isEqualTo("app");
    assertThat(b.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(b.get("exp").isIntegralNumber()).isTrue();
    assertThat(b.get("exp").asLong()).isEqualTo(claims.getExpirationTime().getTime() / 1000);
    assertThat(b.get("iat").asLong()).isEqualTo(claims.getIssueTime().getTime() / 1000);
    assertThat(b.get("sub").asText()).isEqualTo(claims.getSubject());
    assertThat(b.get("aud").asText()).isEqualTo("app");
    assertThat(b.get("iss").asText()).isEqualTo(node.issuer("acme"));
    assertThat(b.get("jti").asText()).isEqualTo(claims.getJWTID());
    assertThat(b.get("sid").asText()).isEqualTo(claims.getStringClaim("sid"));
  }

  @Test
  void clientCredentialsToken_isActiveWithoutSid() {
    JsonNode b = node.introspect("acme", node.clientToken("acme").get("access_token").asText());
    assertThat(keys(b)).isEqualTo(
        Set.of("active", "scope", "client_id", "token_type", "exp", "iat", "sub", "aud", "iss", "jti"));
    assertThat(b.get("sub").asText()).isEqualTo("app");
  }

  @Test
  void refreshToken_isActiveWithoutTokenType() {
    JsonNode b = node.introspect("acme", node.login("acme").get("refresh_token").asText());
    // no jti: a refresh token has none, and its stored hash is never shown (review M2)
    assertThat(keys(b)).isEqualTo(Set.of("active", "scope", "client_id", "username", "exp", "iat", "sub", "aud",
        "iss", "sid"));
    assertThat(b.get("active").asBoolean()).isTrue();
  }

  @Test
  void garbageToken_isExactlyInactive() {
    HttpResponse<String> r = node.post("acme", "introspect", "app", "app-secret", form("token", "garbage"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"active\":false}");
    assertThat(node.post("acme", "introspect", "app", "app-secret", form("token", "a.b.c")).body())
        .isEqualTo("{\"active\":false}");
  }

  @Test
  void tokenOfAnotherRealm_isInactive() {
    String at = node.clientToken("acme").get("access_token").asText();
    assertThat(node.post("rs", "introspect", "app", "app-secret", form("token", at)).body())
        .isEqualTo("{\"active\":false}");
  }

  @Test
  void expiredToken_isInactive() throws Exception {
    // exp is whole seconds (iat truncated + 1 s): ask early in a second so the token lives ~1 s
    while (System.currentTimeMillis() % 1000 > 100) {
      Thread.sleep(5);
    }
    String at = node.clientToken("short").get("access_token").asText();
    assertThat(node.introspect("short", at).get("active").asBoolean()).isTrue();
    Thread.sleep(2100);
    HttpResponse<String> r = node.post("short", "introspect", "app", "app-secret", form("token", at));
    assertThat(r.body()).isEqualTo("{\"active\":false}");
  }

  @Test
  void revokedToken_isInactive() {
    String at = node.clientToken("acme").get("access_token").asText();
    assertThat(node.post("acme", "revoke", "app", "app-secret", form("token", at)).statusCode()).isEqualTo(200);
    assertThat(node.post("acme", "introspect", "app", "app-secret", form("token", at)).body())
        .isEqualTo("{\"active\":false}");
  }

  @Test
  void tokenTypeHint_isAccepted() {
    String at = node.clientToken("acme").get("access_token").asText();
    JsonNode b = TestNode.json(node.post("acme", "introspect", "app", "app-secret",
        form("token", at, "token_type_hint", "refresh_token")));
    assertThat(b.get("active").asBoolean()).isTrue();
  }

  @Test
  void missingToken_isInvalidRequest() {
    assertError(node.post("acme", "introspect", "app", "app-secret", ""), 400, "invalid_request",
        "missing parameter 'token'");
  }

  @Test
  void badClient_isInvalidClient() {
    HttpResponse<String> r = node.post("acme", "introspect", "app", "nope", form("token", "x"));
    assertError(r, 401, "invalid_client", "client authentication failed");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"acme\"");
    assertError(node.post("acme", "introspect", form("token", "x")), 401, "invalid_client",
        "client authentication is required (HTTP Basic or client_id)");
  }
}
