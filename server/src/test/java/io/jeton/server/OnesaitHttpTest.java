package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.TENANT;
import static io.jeton.server.DialectFixture.assertNotMounted;
import static io.jeton.server.DialectFixture.assertOAuthError;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.DialectFixture.claims;
import static io.jeton.server.DialectFixture.ok;
import static io.jeton.server.DialectFixture.send;
import static io.jeton.server.TestNode.FORM;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * onesait (SPEC 3.2, docs/dialects/onesait.md) against a real server: the token endpoint's two
 * grants, check_token, revoke_token, and every documented refusal in RFC 6749 section 5.2 shape.
 */
class OnesaitHttpTest {
  private static final String TOKEN = "/oauth-server/oauth/token";
  private static final String CHECK = "/oauth-server/oauth/check_token";
  private static final String REVOKE = "/oauth-server/openplatform-oauth/revoke_token";
  private static final String INVALID_TOKEN = "the token is not valid: unknown, expired or revoked";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = DialectFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String app() {
    return basic("app", "app-secret");
  }

  private static HttpRequest.Builder token(String auth, String formBody) {
    HttpRequest.Builder b = DialectFixture.request(node, TOKEN).header("Content-Type", FORM)
        .POST(body(formBody));
    return auth == null ? b : b.header("Authorization", auth);
  }

  private static HttpResponse<String> grant(String auth, String... namesAndValues) {
    return send(node, token(auth, form(namesAndValues)));
  }

  private static HttpResponse<String> check(String auth, String token) {
    return send(node, DialectFixture.request(node,
        CHECK + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
        .header("Authorization", auth).GET());
  }

  private static HttpResponse<String> revoke(String auth, String token) {
    return send(node, DialectFixture.request(node,
        REVOKE + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
        .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Asserts onesait's token response for alice's roles and the given scope; returns it. */
  private static JsonNode assertTokens(HttpResponse<String> r, String scope) {
    JsonNode b = ok(r, JSON_TYPE);
    assertThat(TestNode.keys(b)).containsExactlyInAnyOrder("access_token", "token_type", "refresh_token",
        "expires_in", "scope", "authorities", "jti");
    assertThat(b.get("token_type").textValue()).isEqualTo("bearer");
    assertThat(b.get("refresh_token").textValue()).isNotEmpty();
    assertThat(b.get("expires_in").isIntegralNumber()).isTrue();
    assertThat(b.get("expires_in").longValue()).isEqualTo(3600);
    assertThat(b.get("scope").textValue()).isEqualTo(scope);
    assertThat(b.get("authorities")).isEqualTo(TestNode.parse("[\"ADMIN\",\"USER\"]"));
    JsonNode c = claims(b.get("access_token").textValue());
    assertThat(b.get("jti").textValue()).isEqualTo(c.get("jti").textValue());
    assertThat(c.get("exp").longValue() - c.get("iat").longValue()).isEqualTo(3600);
    return b;
  }

  private static JsonNode login() {
    return assertTokens(grant(app(), "grant_type", "password", "username", "alice", "password", "alice-pass"),
        "read tier=gold");
  }

  @Test
  void token_passwordGrant_returnsTokensWithAuthoritiesAndRealmLifetime() {
    login();
    assertTokens(grant(app(), "grant_type", "password", "username", "alice", "password", "alice-pass",
        "scope", "read",
        "clientId", "app"), "read");
  }

  @Test
  void token_refreshGrant_rotatesOnceAndTheOldTokenIsReuse() {
    JsonNode first = login();
    JsonNode second = assertTokens(grant(app(), "grant_type", "refresh_token", "refresh_token",
        first.get("refresh_token").textValue()), "read tier=gold");
    assertThat(second.get("refresh_token").textValue()).isNotEqualTo(first.get("refresh_token").textValue());
    assertOAuthError(grant(app(), "grant_type", "refresh_token", "refresh_token",
        first.get("refresh_token").textValue()),
        400, "invalid_grant", "refresh token has already been used", "shop");
    // reuse revoked the session: the rotated token is dead too
    assertOAuthError(grant(app(), "grant_type", "refresh_token", "refresh_token",
        second.get("refresh_token").textValue()),
        400, "invalid_grant", "refresh token has been revoked", "shop");
  }

  @Test
  void checkToken_validToken_returnsTheWholeDocumentByGetQueryOrPostForm() {
    JsonNode tokens = login();
    String access = tokens.get("access_token").textValue();
    JsonNode c = claims(access);
    JsonNode expected = TestNode.parse("{\"active\":true,\"exp\":" + c.get("exp").longValue()
        + ",\"client_id\":\"app\",\"user_name\":\"alice\",\"authorities\":[\"ADMIN\",\"USER\"],"
        + "\"scope\":[\"read\",\"tier=gold\"],\"jti\":\"" + c.get("jti").textValue() + "\"}");

    assertThat(ok(check(basic("other", "other-secret"), access), JSON_TYPE)).isEqualTo(expected);
    assertThat(ok(send(node, DialectFixture.request(node, CHECK).header("Authorization", app())
        .header("Content-Type", FORM).POST(body(form("token", access)))), JSON_TYPE)).isEqualTo(expected);
    assertThat(ok(send(node, DialectFixture.request(node, CHECK + "?token=" + access)
        .header("Authorization", app())
        .POST(HttpRequest.BodyPublishers.noBody())), JSON_TYPE)).isEqualTo(expected);
  }

  @Test
  void checkToken_clientToken_hasNoUserNameAndNoAuthorities() {
    String access = node.clientToken("shop").get("access_token").textValue();
    JsonNode c = claims(access);
    JsonNode b = ok(check(app(), access), JSON_TYPE);
    assertThat(b).isEqualTo(TestNode.parse("{\"active\":true,\"exp\":" + c.get("exp").longValue()
        + ",\"client_id\":\"app\",\"authorities\":[],\"scope\":[\"read\",\"tier=gold\"],\"jti\":\""
        + c.get("jti").textValue() + "\"}"));
  }

  @Test
  void revokeToken_accessToken_revokesItsWholeSession() {
    JsonNode tokens = login();
    String access = tokens.get("access_token").textValue();
    assertThat(ok(revoke(app(), access), JSON_TYPE)).isEqualTo(TestNode.parse("{\"revoked\":true}"));
    assertOAuthError(check(app(), access), 400, "invalid_token", INVALID_TOKEN, "shop");
    assertOAuthError(grant(app(), "grant_type", "refresh_token", "refresh_token",
        tokens.get("refresh_token").textValue()),
        400, "invalid_grant", "refresh token has been revoked", "shop");
    // RFC 7009 section 2.2: an already revoked, unknown or invalid token is not an error
    assertThat(ok(revoke(app(), access), JSON_TYPE)).isEqualTo(TestNode.parse("{\"revoked\":false}"));
    assertThat(ok(revoke(app(), "no-such-token"), JSON_TYPE))
        .isEqualTo(TestNode.parse("{\"revoked\":false}"));
  }

  @Test
  void revokeToken_refreshTokenInFormBody_revokesTheSession() {
    JsonNode tokens = login();
    assertThat(ok(send(node, DialectFixture.request(node, REVOKE).header("Authorization", app())
        .header("Content-Type", FORM).POST(body(form("token", tokens.get("refresh_token").textValue())))),
        JSON_TYPE))
        .isEqualTo(TestNode.parse("{\"revoked\":true}"));
    assertOAuthError(check(app(), tokens.get("access_token").textValue()), 400, "invalid_token",
        INVALID_TOKEN, "shop");
  }

  @Test
  void revokeToken_anotherClientsToken_isUnauthorizedClientAndTheTokenStaysValid() {
    JsonNode tokens = login();
    assertOAuthError(revoke(basic("other", "other-secret"), tokens.get("access_token").textValue()), 400,
        "unauthorized_client", "the token was issued to another client", "shop");
    assertThat(check(app(), tokens.get("access_token").textValue()).statusCode()).isEqualTo(200);
  }

  @Test
  void token_badUserCredentials_isInvalidGrant() {
    String d = "invalid username or password";
    assertOAuthError(grant(app(), "grant_type", "password", "username", "alice", "password", "nope"), 400,
        "invalid_grant", d, "shop");
    assertOAuthError(grant(app(), "grant_type", "password", "username", "nobody", "password", "x"), 400,
        "invalid_grant", d, "shop");
    assertOAuthError(grant(app(), "grant_type", "password", "username", "bob", "password", "bob-pass"), 400,
        "invalid_grant", "user account is disabled", "shop");
  }

  @Test
  void token_unusableRefreshToken_isInvalidGrant() {
    JsonNode tokens = login();
    assertOAuthError(grant(app(), "grant_type", "refresh_token", "refresh_token", "unknown"), 400,
        "invalid_grant",
        "refresh token is invalid", "shop");
    assertOAuthError(grant(basic("other", "other-secret"), "grant_type", "refresh_token", "refresh_token",
        tokens.get("refresh_token").textValue()), 400, "invalid_grant",
        "refresh token was issued to another client",
        "shop");
  }

  @Test
  void tokenAndCheckToken_expiredTokens_areInvalidGrantAndInvalidToken() {
    JsonNode b = ok(send(node, token(app(), form("grant_type", "password", "username", "alice", "password",
        "alice-pass")).header(TENANT, "brief")), JSON_TYPE);
    assertThat(b.get("expires_in").longValue()).isEqualTo(1);
    DialectFixture.sleepPastExpiry();
    assertOAuthError(send(node, token(app(), form("grant_type", "refresh_token", "refresh_token",
        b.get("refresh_token").textValue())).header(TENANT, "brief")), 400, "invalid_grant",
        "refresh token has expired", "brief");
    assertOAuthError(send(node, DialectFixture.request(node,
        CHECK + "?token=" + b.get("access_token").textValue())
        .header("Authorization", app()).header(TENANT, "brief").GET()), 400, "invalid_token", INVALID_TOKEN,
        "brief");
  }

  @Test
  void checkToken_unusableToken_isInvalidToken() {
    JsonNode tokens = login();
    assertOAuthError(check(app(), "garbage"), 400, "invalid_token", INVALID_TOKEN, "shop");
    assertOAuthError(check(app(), tokens.get("refresh_token").textValue()), 400, "invalid_token",
        INVALID_TOKEN, "shop");
  }

  @Test
  void anyEndpoint_badClientAuthentication_isInvalidClientWithBasicChallenge() {
    String pw = form("grant_type", "password", "username", "alice", "password", "alice-pass");
    for (String auth : new String[] {null, basic("app", "wrong"), basic("ghost", "x"), "Bearer abc"}) {
      HttpResponse<String> r = send(node, token(auth, pw));
      assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
      assertThat(TestNode.json(r).get("error").textValue()).isEqualTo("invalid_client");
      assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"shop\"");
    }
    assertOAuthError(grant(basic("app", "wrong"), "grant_type", "password", "username", "alice", "password",
        "alice-pass"), 401, "invalid_client", "client authentication failed", "shop");
    assertOAuthError(grant(basic("certBound", "cert-secret"), "grant_type", "password", "username", "alice",
        "password",
        "alice-pass"), 401, "invalid_client", "client 'certBound' must present its TLS client certificate",
        "shop");
    assertOAuthError(check(basic("app", "wrong"), "x"), 401, "invalid_client",
        "client authentication failed", "shop");
    assertOAuthError(revoke(basic("app", "wrong"), "x"), 401, "invalid_client",
        "client authentication failed", "shop");
    assertOAuthError(send(node, token(app(), pw).header(TENANT, "nope")), 401, "invalid_client",
        "realm 'nope' does not exist", "onesait");
  }

  @Test
  void token_otherGrantTypes_areUnsupported() {
    for (String g : List.of("client_credentials", "authorization_code", "urn:x")) {
      assertOAuthError(grant(app(), "grant_type", g), 400, "unsupported_grant_type",
          "grant_type '" + g + "' is not supported here; use password or refresh_token", "shop");
    }
  }

  @Test
  void token_clientWithoutTheGrant_isUnauthorizedClient() {
    assertOAuthError(grant(basic("ccOnly", "cc-secret"), "grant_type", "password", "username", "alice",
        "password",
        "alice-pass"), 400, "unauthorized_client", "client 'ccOnly' may not use grant_type 'password'",
        "shop");
    assertOAuthError(grant(basic("noRefresh", "nr-secret"), "grant_type", "refresh_token", "refresh_token",
        "x"), 400,
        "unauthorized_client", "client 'noRefresh' may not use grant_type 'refresh_token'", "shop");
  }

  @Test
  void token_scopeNotAllowed_isInvalidScope() {
    assertOAuthError(grant(app(), "grant_type", "password", "username", "alice", "password", "alice-pass",
        "scope", "admin"), 400, "invalid_scope", "scope 'admin' is not allowed for client 'app'", "shop");
  }

  @Test
  void token_missingOrMalformedParameters_isInvalidRequest() {
    assertOAuthError(grant(app()), 400, "invalid_request", "missing parameter 'grant_type'", "shop");
    assertOAuthError(grant(app(), "grant_type", "password", "password", "x"), 400, "invalid_request",
        "missing parameter 'username'", "shop");
    assertOAuthError(grant(app(), "grant_type", "password", "username", "alice"), 400, "invalid_request",
        "missing parameter 'password'", "shop");
    assertOAuthError(grant(app(), "grant_type", "refresh_token"), 400, "invalid_request",
        "missing parameter 'refresh_token'", "shop");
    assertOAuthError(send(node, token(app(), "grant_type=password&grant_type=password")), 400,
        "invalid_request",
        "parameter 'grant_type' is included more than once", "shop");
    assertOAuthError(grant(app(), "grant_type", "password", "username", "alice", "password", "alice-pass",
        "clientId", "other"), 400, "invalid_request",
        "clientId 'other' does not match the client of the Authorization header", "shop");
    assertOAuthError(grant(app(), "grant_type", "password", "username", "alice", "password", "alice-pass",
        "client_id", "other"), 400, "invalid_request",
        "client_id 'other' does not match the client of the Authorization header", "shop");
    String malformed = "the form body is malformed: a bad %-escape or bytes that are not UTF-8";
    assertOAuthError(send(node, token(app(), "grant_type=password&username=%zz")), 400, "invalid_request",
        malformed,
        "shop");
    assertOAuthError(send(node, DialectFixture.request(node, TOKEN).header("Authorization", app())
        .header("Content-Type", FORM).POST(body(DialectFixture.notUtf8("grant_type=password&username=al",
        "ice")))),
        400, "invalid_request", malformed, "shop");
    assertOAuthError(send(node, token(app(), form("grant_type", "password")).header("Authorization", app())),
        400,
        "invalid_request", "the Authorization header is included more than once", "shop");
  }

  @Test
  void tokenAndCheckToken_wrongContentType_isInvalidRequest() {
    String pw = form("grant_type", "password", "username", "alice", "password", "alice-pass");
    assertOAuthError(send(node, DialectFixture.request(node, TOKEN).header("Authorization", app())
        .header("Content-Type", JSON_TYPE).POST(body("{\"grant_type\":\"password\"}"))), 400,
        "invalid_request",
        "the body must be application/x-www-form-urlencoded, not 'application/json'", "shop");
    assertOAuthError(send(node, DialectFixture.request(node, TOKEN).header("Authorization", app())
        .POST(body(pw))),
        400, "invalid_request",
        "the body must be application/x-www-form-urlencoded (Content-Type is missing)", "shop");
    assertOAuthError(send(node, DialectFixture.request(node, TOKEN).header("Authorization", app())
        .header("Content-Type", FORM + "; charset=ISO-8859-1").POST(body(pw))), 400, "invalid_request",
        "charset 'ISO-8859-1' is not supported; use UTF-8", "shop");
    assertOAuthError(send(node, DialectFixture.request(node, CHECK).header("Authorization", app())
        .header("Content-Type", JSON_TYPE).POST(body("{\"token\":\"x\"}"))), 400, "invalid_request",
        "the body must be application/x-www-form-urlencoded, not 'application/json'", "shop");
  }

  @Test
  void checkAndRevoke_missingOrRepeatedToken_isInvalidRequest() {
    for (String path : List.of(CHECK, REVOKE)) {
      assertOAuthError(send(node, DialectFixture.request(node, path).header("Authorization", app())
          .POST(HttpRequest.BodyPublishers.noBody())), 400, "invalid_request", "missing parameter 'token'",
          "shop");
      assertOAuthError(send(node, DialectFixture.request(node, path + "?token=a&token=b")
          .header("Authorization", app())
          .POST(HttpRequest.BodyPublishers.noBody())), 400, "invalid_request",
          "parameter 'token' is included more than once", "shop");
      assertOAuthError(send(node, DialectFixture.request(node, path + "?token=a")
          .header("Authorization", app())
          .header("Content-Type", FORM).POST(body("token=b"))), 400, "invalid_request",
          "parameter 'token' is included more than once", "shop");
    }
  }

  @Test
  void anyEndpoint_wrongMethod_isMethodNotAllowedWithAllow() {
    Map<String, String> allow = Map.of(TOKEN, "POST", CHECK, "GET, POST", REVOKE, "POST");
    allow.forEach((path, methods) -> {
      HttpResponse<String> r = send(node, DialectFixture.request(node, path).header("Authorization", app())
          .method("DELETE", HttpRequest.BodyPublishers.noBody()));
      assertOAuthError(r, 405, "method_not_allowed",
          "Request method 'DELETE' is not supported; use " + methods, "shop");
      assertThat(r.headers().allValues("Allow")).containsExactly(methods);
    });
  }

  @Test
  void token_bodyOverTheServerLimit_isInvalidRequest413() {
    String big = form("grant_type", "password", "username", "alice", "password",
        "x".repeat(TestNode.MAX_BODY_BYTES));
    String d = "the request body is larger than " + TestNode.MAX_BODY_BYTES + " bytes";
    assertOAuthError(send(node, token(app(), big)), 413, "invalid_request", d, "shop");
    assertOAuthError(send(node, DialectFixture.request(node, TOKEN).header("Authorization", app())
        .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))), 413, "invalid_request",
            d, "shop");
  }

  @Test
  void checkToken_malformedQueryString_isInvalidRequestWithCorrelationId() {
    for (String query : List.of("token=%zz", "token=%e0", "token=%")) {
      String raw = node.raw("GET " + CHECK + "?" + query + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + app()
          + "\r\nx-correlation-id: raw-onesait\r\n\r\n");
      assertThat(DialectFixture.status(raw)).as(raw).isEqualTo(400);
      assertThat(raw).containsIgnoringCase("x-correlation-id: raw-onesait")
          .containsIgnoringCase("cache-control: no-store");
      assertThat(DialectFixture.rawBody(raw)).isEqualTo(TestNode.parse("{\"error\":\"invalid_request\","
          + "\"error_description\":\"the query string is malformed: a bad %-escape or bytes that are not "
          + "UTF-8\"}"));
    }
  }

  @Test
  void mount_disabled_answersNotFound() {
    try (TestNode off = TestNode.start(DialectFixture.imports(),
        Map.of("onesait", DialectFixture.disabled("onesait")))) {
      assertNotMounted(off.send(DialectFixture.request(off, TOKEN).header("Authorization", app())
          .header("Content-Type", FORM).POST(body(form("grant_type", "password", "username", "alice",
          "password",
              "alice-pass"))).build()));
      assertNotMounted(off.get(CHECK + "?token=x"));
    }
  }

  @Test
  void mount_customPrefixWithoutRealm_answersThereAndNeedsTheTenantHeader() {
    try (TestNode custom = TestNode.start(DialectFixture.imports(),
        Map.of("onesait", DialectFixture.mount("onesait", "/os", null, TENANT, null)))) {
      String pw = form("grant_type", "password", "username", "alice", "password", "alice-pass");
      HttpRequest.Builder b = DialectFixture.request(custom, "/os/oauth/token").header("Authorization", app())
          .header("Content-Type", FORM).header(TENANT, "shop").POST(body(pw));
      assertThat(TestNode.keys(ok(send(custom, b), JSON_TYPE))).contains("access_token");
      assertOAuthError(send(custom, DialectFixture.request(custom, "/os/oauth/token")
          .header("Authorization", app())
          .header("Content-Type", FORM).POST(body(pw))), 400, "invalid_request",
          "header 'x-tenant' is required to name the realm", "");
      assertNotMounted(custom.send(DialectFixture.request(custom, TOKEN).header("Authorization", app())
          .header("Content-Type", FORM).header(TENANT, "shop").POST(body(pw)).build()));
    }
  }
}
