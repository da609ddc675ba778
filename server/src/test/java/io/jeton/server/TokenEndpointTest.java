package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static io.jeton.server.TestNode.json;
import static io.jeton.server.TestNode.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 6749 token endpoint over HTTP: every grant, both client authentication methods, every error. */
class TokenEndpointTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void assertTokenHeaders(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
  }

  @Test
  void clientCredentials_basic_issuesBearerTokenWithoutRefresh() throws Exception {
    HttpResponse<String> r = node.post("acme", "token", "app", "app-secret", form("grant_type", "client_credentials"));
    assertTokenHeaders(r);
    JsonNode b = json(r);
    assertThat(keys(b)).isEqualTo(Set.of("access_token", "token_type", "expires_in", "scope"));
    assertThat(b.get("access_token").isTextual()).isTrue();
    assertThat(b.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(b.get("expires_in").isIntegralNumber()).isTrue();
    assertThat(b.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(b.get("scope").asText()).isEqualTo("read write");
    var claims = SignedJWT.parse(b.get("access_token").asText()).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(node.issuer("acme"));
    assertThat(claims.getSubject()).isEqualTo("app");
    assertThat(claims.getStringClaim("client_id")).isEqualTo("app");
    assertThat(claims.getClaim("sid")).isNull();
  }

  @Test
  void clientCredentials_post_issuesToken() {
    HttpResponse<String> r = node.post("acme", "token",
        form("grant_type", "client_credentials", "client_id", "app", "client_secret", "app-secret", "scope", "read"));
    assertTokenHeaders(r);
    assertThat(json(r).get("scope").asText()).isEqualTo("read");
  }

  @Test
  void clientCredentials_basicWithFormEncodedSecret_isDecoded() {
    // RFC 6749 section 2.3.1: the id and secret are form-urlencoded inside the Basic credentials
    HttpResponse<String> r = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/realms/acme/oauth2/token"))
        .header("Content-Type", TestNode.FORM).header("Authorization", basic("app", "app%2Dsecret"))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    assertTokenHeaders(r);
  }

  @Test
  void password_confidentialClient_issuesAccessAndRefreshToken() throws Exception {
    HttpResponse<String> r = node.post("acme", "token", "app", "app-secret",
        form("grant_type", "password", "username", "alice", "password", "alice-pass", "scope", "read"));
    assertTokenHeaders(r);
    JsonNode b = json(r);
    assertThat(keys(b)).isEqualTo(Set.of("access_token", "token_type", "expires_in", "refresh_token", "scope"));
    assertThat(b.get("refresh_token").isTextual()).isTrue();
    assertThat(b.get("refresh_token").asText()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(b.get("scope").asText()).isEqualTo("read");
    var claims = SignedJWT.parse(b.get("access_token").asText()).getJWTClaimsSet();
    assertThat(claims.getStringClaim("sid")).isNotEmpty();
    assertThat(claims.getAudience()).isEqualTo(List.of("app"));
  }

  @Test
  void refresh_validToken_issuesNewPair() {
    JsonNode first = node.login("acme");
    HttpResponse<String> r = node.post("acme", "token", "app", "app-secret",
        form("grant_type", "refresh_token", "refresh_token", first.get("refresh_token").asText()));
    assertTokenHeaders(r);
    JsonNode b = json(r);
    assertThat(keys(b)).isEqualTo(Set.of("access_token", "token_type", "expires_in", "refresh_token", "scope"));
    assertThat(b.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
  }

  @Test
  void publicClient_byClientIdAlone_isIdentifiedAndCoreRulesApply() {
    assertError(node.post("acme", "token", form("grant_type", "password", "client_id", "pub", "username", "alice",
        "password", "alice-pass")), 400, "unauthorized_client", "client 'pub' may not use grant_type 'password'");
  }

  @Test
  void missingGrantType_isInvalidRequest() {
    assertError(node.post("acme", "token", "app", "app-secret", form("scope", "read")), 400, "invalid_request",
        "missing parameter 'grant_type'");
  }

  @Test
  void missingUsername_isInvalidRequest() {
    assertError(node.post("acme", "token", "app", "app-secret", form("grant_type", "password", "password", "x")),
        400, "invalid_request", "missing parameter 'username'");
  }

  @Test
  void basicAndClientSecretTogether_isInvalidRequest() {
    assertError(node.post("acme", "token", "app", "app-secret",
        form("grant_type", "client_credentials", "client_secret", "app-secret")), 400, "invalid_request",
        "the client used more than one authentication method (HTTP Basic and client_secret)");
  }

  @Test
  void wrongSecretBasic_isInvalidClientWithChallenge() {
    HttpResponse<String> r = node.post("acme", "token", "app", "wrong", form("grant_type", "client_credentials"));
    assertError(r, 401, "invalid_client", "client authentication failed");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"acme\"");
  }

  @Test
  void wrongSecretPost_isInvalidClientWithChallenge() {
    HttpResponse<String> r = node.post("acme", "token",
        form("grant_type", "client_credentials", "client_id", "app", "client_secret", "wrong"));
    assertError(r, 401, "invalid_client", "client authentication failed");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"acme\"");
  }

  @Test
  void unknownClient_isInvalidClient() {
    assertError(node.post("acme", "token", "ghost", "x", form("grant_type", "client_credentials")), 401,
        "invalid_client", "client authentication failed");
  }

  @Test
  void noClientAuthentication_isInvalidClient() {
    HttpResponse<String> r = node.post("acme", "token", form("grant_type", "client_credentials"));
    assertError(r, 401, "invalid_client", "client authentication is required (HTTP Basic or client_id)");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"acme\"");
  }

  @Test
  void certificateBoundClientWithoutCertificate_isInvalidClient() {
    // SPEC 3.1, RFC 8705 section 2: its secret counts only together with its certificate (plain HTTP: none)
    HttpResponse<String> r = node.post("acme", "token", "certBound", "cert-secret",
        form("grant_type", "client_credentials"));
    assertError(r, 401, "invalid_client", "client 'certBound' must present its TLS client certificate");
  }

  @Test
  void publicClientWithSecret_isInvalidClient() {
    assertError(node.post("acme", "token", "pub", "guess", form("grant_type", "refresh_token", "refresh_token", "x")),
        401, "invalid_client", "client authentication failed");
  }

  @Test
  void wrongPassword_isInvalidGrant() {
    assertError(node.post("acme", "token", "app", "app-secret",
        form("grant_type", "password", "username", "alice", "password", "nope")), 400, "invalid_grant",
        "invalid username or password");
  }

  @Test
  void unknownUser_isInvalidGrantLikeWrongPassword() {
    assertError(node.post("acme", "token", "app", "app-secret",
        form("grant_type", "password", "username", "nobody", "password", "nope")), 400, "invalid_grant",
        "invalid username or password");
  }

  @Test
  void disabledUser_isInvalidGrant() {
    assertError(node.post("acme", "token", "app", "app-secret",
        form("grant_type", "password", "username", "bob", "password", "bob-pass")), 400, "invalid_grant",
        "user account is disabled");
  }

  @Test
  void unknownRefreshToken_isInvalidGrant() {
    assertError(node.post("acme", "token", "app", "app-secret", form("grant_type", "refresh_token",
        "refresh_token", "not-a-token")), 400, "invalid_grant", "refresh token is invalid");
  }

  @Test
  void refreshTokenOfAnotherClient_isInvalidGrant() {
    String rt = node.login("acme").get("refresh_token").asText();
    assertError(node.post("acme", "token", "other", "other-secret", form("grant_type", "refresh_token",
        "refresh_token", rt)), 400, "invalid_grant", "refresh token was issued to another client");
  }

  @Test
  void grantNotAllowedForClient_isUnauthorizedClient() {
    assertError(node.post("acme", "token", "ccOnly", "cc-secret",
        form("grant_type", "password", "username", "alice", "password", "alice-pass")), 400, "unauthorized_client",
        "client 'ccOnly' may not use grant_type 'password'");
    assertError(node.post("acme", "token", "ccOnly", "cc-secret", form("grant_type", "refresh_token",
        "refresh_token", "x")), 400, "unauthorized_client", "client 'ccOnly' may not use grant_type 'refresh_token'");
  }

  @Test
  void unknownGrantType_isUnsupportedGrantType() {
    assertError(node.post("acme", "token", "app", "app-secret", form("grant_type", "urn:example:unknown",
        "code", "x")), 400, "unsupported_grant_type", "grant_type 'urn:example:unknown' is not supported");
  }

  @Test
  void scopeNotAllowed_isInvalidScope() {
    assertError(node.post("acme", "token", "app", "app-secret", form("grant_type", "client_credentials",
        "scope", "read admin")), 400, "invalid_scope", "scope 'admin' is not allowed for client 'app'");
  }

  @Test
  void refreshWithWiderScope_isInvalidScope() {
    JsonNode first = node.post("acme", "token", "app", "app-secret",
        form("grant_type", "password", "username", "alice", "password", "alice-pass", "scope", "read"))
        .body().transform(TestNode::parse);
    assertError(node.post("acme", "token", "app", "app-secret", form("grant_type", "refresh_token",
        "refresh_token", first.get("refresh_token").asText(), "scope", "write")), 400, "invalid_scope",
        "scope 'write' is not allowed for this refresh token");
  }

  @Test
  void wrongMethod_is405WithAllow() {
    HttpResponse<String> r = node.get("/realms/acme/oauth2/token");
    assertError(r, 405, "invalid_request", "method GET is not allowed here; use POST");
    assertThat(r.headers().firstValue("Allow")).contains("POST");
  }
}
