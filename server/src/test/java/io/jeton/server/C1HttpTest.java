package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.TENANT;
import static io.jeton.server.DialectFixture.assertC1Error;
import static io.jeton.server.DialectFixture.assertNotMounted;
import static io.jeton.server.DialectFixture.assertSeconds;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.DialectFixture.claims;
import static io.jeton.server.DialectFixture.now;
import static io.jeton.server.DialectFixture.ok;
import static io.jeton.server.DialectFixture.send;
import static io.jeton.server.TestNode.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * C1 (SPEC 3.1, docs/dialects/c1.md) against a real server: login, renew and validate, and every
 * documented refusal in C1's {@code {"code","message"}} shape, including those made at the edge.
 */
class C1HttpTest {
  private static final String BAD = "Invalid request";
  private static final String NO = "Not authorized";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = DialectFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpRequest.Builder post(String path, String auth, String json) {
    HttpRequest.Builder b = DialectFixture.request(node, path).header("Content-Type", JSON_TYPE)
        .POST(body(json));
    return auth == null ? b : b.header("Authorization", auth);
  }

  private static HttpResponse<String> login(String auth, String json) {
    return send(node, post("/auth/login", auth, json));
  }

  private static HttpResponse<String> loginAs(String user, String password) {
    return login(basic("app", "app-secret"), "{\"username\":\"" + user + "\",\"password\":\"" + password
        + "\"}");
  }

  private static HttpResponse<String> renew(String auth, String refreshToken) {
    return send(node, post("/auth/renew", auth, "{\"refreshToken\":\"" + refreshToken + "\"}"));
  }

  private static HttpResponse<String> validate(String auth, String token) {
    return send(node, DialectFixture.request(node, "/auth/validate?accessToken="
        + URLEncoder.encode(token, StandardCharsets.UTF_8)).header("Authorization", auth).GET());
  }

  private static String app() {
    return basic("app", "app-secret");
  }

  /** Asserts C1's token document with the realm's default lifetimes; returns it. */
  private static JsonNode assertTokens(HttpResponse<String> r, long before) {
    JsonNode b = ok(r, JSON_TYPE);
    long after = now();
    assertThat(TestNode.keys(b)).containsExactlyInAnyOrder("tokenType", "accessToken", "refreshToken",
        "accessTokenExpiresAt", "refreshTokenExpiresAt");
    assertThat(b.get("tokenType").textValue()).isEqualTo("bearer");
    assertThat(b.get("accessToken").textValue()).isNotEmpty();
    assertThat(b.get("refreshToken").textValue()).isNotEmpty();
    assertSeconds(b.get("accessTokenExpiresAt"), before + 3600, after + 3600);
    assertSeconds(b.get("refreshTokenExpiresAt"), before + 604800, after + 604800);
    assertThat(claims(b.get("accessToken").textValue()).get("exp").longValue())
        .isEqualTo(b.get("accessTokenExpiresAt").longValue());
    return b;
  }

  private static JsonNode loginAlice() {
    long before = now();
    return assertTokens(loginAs("alice", "alice-pass"), before);
  }

  @Test
  void login_rightPassword_returnsTokensWithRealmLifetimes() {
    JsonNode tokens = loginAlice();
    JsonNode c = claims(tokens.get("accessToken").textValue());
    assertThat(c.get("client_id").textValue()).isEqualTo("app");
    assertThat(c.get("scope").textValue()).isEqualTo("read tier=gold");
  }

  @Test
  void renew_freshRefreshToken_rotatesAndTheOldOneIsReuseThatEndsTheSession() {
    JsonNode first = loginAlice();
    long before = now();
    JsonNode second = assertTokens(renew(app(), first.get("refreshToken").textValue()), before);
    assertThat(second.get("refreshToken").textValue()).isNotEqualTo(first.get("refreshToken").textValue());
    assertThat(claims(second.get("accessToken").textValue()).get("sid"))
        .isEqualTo(claims(first.get("accessToken").textValue()).get("sid"));

    // realm shop has no reuse grace: presenting the used token again is reuse, and revokes the session
    assertC1Error(renew(app(), first.get("refreshToken").textValue()), 401, NO, "shop");
    assertC1Error(renew(app(), second.get("refreshToken").textValue()), 401, NO, "shop");
    assertC1Error(validate(app(), second.get("accessToken").textValue()), 401, NO, "shop");
  }

  @Test
  void validate_anotherClientsValidToken_returnsTheWholeDocument() {
    JsonNode tokens = loginAlice();
    JsonNode c = claims(tokens.get("accessToken").textValue());
    JsonNode b = ok(validate(basic("other", "other-secret"), tokens.get("accessToken").textValue()),
        JSON_TYPE);
    assertThat(TestNode.keys(b)).containsExactlyInAnyOrder("id", "issuer", "requestedBy", "customerId",
        "expiresAt", "issuedAt", "tokenType", "scope");
    assertThat(b.get("id").textValue()).isEqualTo(c.get("jti").textValue());
    assertThat(b.get("issuer").textValue()).isEqualTo("c1portal");
    assertThat(b.get("requestedBy").textValue()).isEqualTo("app");
    assertThat(b.get("customerId").textValue()).isEqualTo("c-1");
    assertThat(b.get("expiresAt").isIntegralNumber()).isTrue();
    assertThat(b.get("expiresAt").longValue()).isEqualTo(c.get("exp").longValue());
    assertThat(b.get("issuedAt").isIntegralNumber()).isTrue();
    assertThat(b.get("issuedAt").longValue()).isEqualTo(c.get("iat").longValue());
    assertThat(b.get("tokenType").textValue()).isEqualTo("bearer");
    assertThat(b.get("scope")).isEqualTo(TestNode.parse("{\"read\":true,\"tier\":\"gold\"}"));
  }

  @Test
  void validate_userWithoutCustomerIdOrClientToken_customerIdIsTheRealmName() {
    long before = now();
    JsonNode carol = assertTokens(loginAs("carol", "carol-pass"), before);
    JsonNode b = ok(validate(app(), carol.get("accessToken").textValue()), JSON_TYPE);
    assertThat(b.get("customerId").textValue()).isEqualTo("shop");

    JsonNode cc = node.clientToken("shop");
    JsonNode v = ok(validate(app(), cc.get("access_token").textValue()), JSON_TYPE);
    assertThat(v.get("customerId").textValue()).isEqualTo("shop");
    assertThat(v.get("requestedBy").textValue()).isEqualTo("app");
  }

  @Test
  void login_badClientOrUserCredentials_areNotAuthorizedWithBasicChallenge() {
    String user = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
    Map<String, HttpResponse<String>> cases = new LinkedHashMap<>();
    cases.put("wrong password", loginAs("alice", "nope"));
    cases.put("unknown user", loginAs("nobody", "alice-pass"));
    cases.put("disabled user", loginAs("bob", "bob-pass"));
    cases.put("wrong secret", login(basic("app", "wrong"), user));
    cases.put("unknown client", login(basic("ghost", "x"), user));
    cases.put("no Authorization", login((String) null, user));
    cases.put("not Basic", login("Bearer abc", user));
    cases.put("Basic not base64", login("Basic !!!", user));
    cases.put("certificate-bound client", login(basic("certBound", "cert-secret"), user));
    cases.put("client without password grant", login(basic("ccOnly", "cc-secret"), user));
    cases.forEach((name, r) -> {
      assertThat(r.statusCode()).as(name).isEqualTo(401);
      assertC1Error(r, 401, NO, "shop");
    });
  }

  @Test
  void anyEndpoint_unknownTenant_isNotAuthorized() {
    assertC1Error(send(node, post("/auth/login", app(),
        "{\"username\":\"alice\",\"password\":\"alice-pass\"}")
        .header(TENANT, "nope")), 401, NO, "c1");
    assertC1Error(send(node, DialectFixture.request(node, "/auth/validate?accessToken=x")
        .header("Authorization", app()).header(TENANT, "nope").GET()), 401, NO, "c1");
  }

  @Test
  void renew_unusableRefreshToken_isNotAuthorized() {
    JsonNode tokens = loginAlice();
    String refresh = tokens.get("refreshToken").textValue();
    assertC1Error(renew(app(), "unknown-token"), 401, NO, "shop");
    assertC1Error(renew(basic("other", "other-secret"), refresh), 401, NO, "shop");
    assertC1Error(renew(basic("noRefresh", "nr-secret"), refresh), 401, NO, "shop");
    assertC1Error(renew(basic("app", "wrong"), refresh), 401, NO, "shop");
    // none of those used the token
    assertThat(renew(app(), refresh).statusCode()).isEqualTo(200);

    JsonNode revoked = loginAlice();
    assertThat(node.post("shop", "revoke", "app", "app-secret",
        TestNode.form("token", revoked.get("refreshToken").textValue())).statusCode()).isEqualTo(200);
    assertC1Error(renew(app(), revoked.get("refreshToken").textValue()), 401, NO, "shop");
  }

  @Test
  void validate_unusableAccessToken_isNotAuthorized() {
    JsonNode tokens = loginAlice();
    assertC1Error(validate(app(), "not-a-token"), 401, NO, "shop");
    assertC1Error(validate(app(), tokens.get("refreshToken").textValue()), 401, NO, "shop");
    assertC1Error(validate(basic("app", "wrong"), tokens.get("accessToken").textValue()), 401, NO, "shop");
    assertThat(node.post("shop", "revoke", "app", "app-secret",
        TestNode.form("token", tokens.get("accessToken").textValue())).statusCode()).isEqualTo(200);
    assertC1Error(validate(app(), tokens.get("accessToken").textValue()), 401, NO, "shop");
  }

  @Test
  void renewAndValidate_expiredTokens_areNotAuthorized() {
    HttpResponse<String> r = send(node, post("/auth/login", app(),
        "{\"username\":\"alice\",\"password\":\"alice-pass\"}")
        .header(TENANT, "brief"));
    JsonNode tokens = ok(r, JSON_TYPE);
    assertThat(tokens.get("accessTokenExpiresAt").longValue() - claims(tokens.get("accessToken").textValue())
        .get("iat").longValue()).isEqualTo(1);
    DialectFixture.sleepPastExpiry();
    assertC1Error(send(node, post("/auth/renew", app(),
        "{\"refreshToken\":\"" + tokens.get("refreshToken").textValue()
        + "\"}").header(TENANT, "brief")), 401, NO, "brief");
    assertC1Error(send(node, DialectFixture.request(node, "/auth/validate?accessToken="
        + tokens.get("accessToken").textValue()).header("Authorization", app()).header(TENANT, "brief")
        .GET()),
        401, NO, "brief");
  }

  @Test
  void loginAndRenew_malformedBodies_areInvalidRequest() {
    List<String> bodies = List.of(
        "", "{", "[]", "\"alice\"", "5", "null", "{\"username\":\"alice\",\"password\":\"alice-pass\"} {}",
        "{\"username\":\"alice\"}", "{\"password\":\"alice-pass\"}", "{\"username\":\"\",\"password\":\"x\"}",
        "{\"username\":5,\"password\":\"alice-pass\"}", "{\"username\":\"alice\",\"password\":[\"x\"]}",
        "{\"username\":\"alice\",\"password\":{}}", "{\"username\":true,\"password\":\"x\"}",
        "{\"username\":\"alice\",\"username\":\"bob\",\"password\":\"alice-pass\"}",
        "[".repeat(40) + "]".repeat(40));
    for (String json : bodies) {
      assertC1Error(login(app(), json), 400, BAD, "shop");
    }
    for (String json : List.of("{}", "{\"refreshToken\":null}", "{\"refreshToken\":42}",
        "{\"refreshToken\":\"\"}",
        "{\"refresh_token\":\"abc\"}", "not json")) {
      assertC1Error(send(node, post("/auth/renew", app(), json)), 400, BAD, "shop");
    }
  }

  @Test
  void loginAndRenew_wrongContentTypeOrNonUtf8_areInvalidRequest() {
    String json = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
    for (String type : List.of("text/plain", TestNode.FORM, "application/json; charset=ISO-8859-1")) {
      assertC1Error(send(node, DialectFixture.request(node, "/auth/login").header("Authorization", app())
          .header("Content-Type", type).POST(body(json))), 400, BAD, "shop");
    }
    assertC1Error(send(node, DialectFixture.request(node, "/auth/renew").header("Authorization", app())
        .POST(body("{\"refreshToken\":\"abc\"}"))), 400, BAD, "shop");
    assertC1Error(send(node, DialectFixture.request(node, "/auth/login").header("Authorization", app())
        .header("Content-Type", JSON_TYPE).POST(body(DialectFixture.notUtf8("{\"username\":\"al",
            "ice\",\"password\":\"alice-pass\"}")))), 400, BAD, "shop");
    // the charset spelled out as UTF-8 is fine
    assertThat(send(node, DialectFixture.request(node, "/auth/login").header("Authorization", app())
        .header("Content-Type", "application/json; charset=UTF-8").POST(body(json))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void login_twoAuthorizationHeaders_isInvalidRequest() {
    assertC1Error(send(node, post("/auth/login", app(),
        "{\"username\":\"alice\",\"password\":\"alice-pass\"}")
        .header("Authorization", app())), 400, BAD, "shop");
  }

  @Test
  void validate_missingRepeatedOrEmptyAccessToken_isInvalidRequest() {
    for (String query : List.of("", "?accessToken=", "?accessToken=a&accessToken=b", "?access_token=abc")) {
      assertC1Error(send(node, DialectFixture.request(node, "/auth/validate" + query)
          .header("Authorization", app()).GET()), 400, BAD, "shop");
    }
  }

  @Test
  void anyEndpoint_wrongMethod_isMethodNotAllowedWithAllow() {
    for (String path : List.of("/auth/login", "/auth/renew")) {
      HttpResponse<String> r = send(node, DialectFixture.request(node, path).header("Authorization", app())
          .GET());
      assertC1Error(r, 405, "Method not allowed", "shop");
      assertThat(r.headers().allValues("Allow")).containsExactly("POST");
    }
    HttpResponse<String> r = send(node, post("/auth/validate", app(), "{}"));
    assertC1Error(r, 405, "Method not allowed", "shop");
    assertThat(r.headers().allValues("Allow")).containsExactly("GET");
  }

  @Test
  void login_bodyOverTheServerLimit_isInvalidRequestInC1Shape() {
    String big = "{\"username\":\"alice\",\"password\":\"" + "x".repeat(TestNode.MAX_BODY_BYTES) + "\"}";
    assertC1Error(login(app(), big), 400, BAD, "shop");
    assertC1Error(send(node, DialectFixture.request(node, "/auth/login").header("Authorization", app())
        .header("Content-Type", JSON_TYPE).POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))), 400, BAD, "shop");
  }

  @Test
  void validate_malformedQueryString_isInvalidRequestInC1Shape() {
    for (String query : List.of("accessToken=%zz", "accessToken=%e0", "accessToken=%4")) {
      String raw = node.raw("GET /auth/validate?" + query + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + app()
          + "\r\nx-correlation-id: raw-c1\r\n\r\n");
      assertThat(DialectFixture.status(raw)).as(raw).isEqualTo(400);
      assertThat(raw).containsIgnoringCase("x-correlation-id: raw-c1")
          .containsIgnoringCase("cache-control: no-store");
      assertThat(DialectFixture.rawBody(raw))
          .isEqualTo(TestNode.parse("{\"code\":400,\"message\":\"Invalid request\"}"));
    }
  }

  @Test
  void mount_disabled_answersNotFound() {
    try (TestNode off = TestNode.start(DialectFixture.imports(),
        Map.of("c1", DialectFixture.disabled("c1")))) {
      assertNotMounted(off.send(DialectFixture.request(off, "/auth/login").header("Authorization", app())
          .header("Content-Type", JSON_TYPE)
          .POST(body("{\"username\":\"alice\",\"password\":\"alice-pass\"}"))
          .build()));
      assertNotMounted(off.get("/auth/validate?accessToken=x"));
    }
  }

  @Test
  void mount_customPrefixWithoutRealm_answersThereAndNeedsTheTenantHeader() {
    try (TestNode custom = TestNode.start(DialectFixture.imports(),
        Map.of("c1", DialectFixture.mount("c1", "/c1", null, TENANT, null)))) {
      String json = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
      HttpResponse<String> r = send(custom, DialectFixture.request(custom, "/c1/auth/login")
          .header("Authorization", app()).header("Content-Type", JSON_TYPE).header(TENANT, "shop")
          .POST(body(json)));
      assertThat(TestNode.keys(ok(r, JSON_TYPE))).contains("accessToken");
      assertC1Error(send(custom, DialectFixture.request(custom, "/c1/auth/login")
          .header("Authorization", app())
          .header("Content-Type", JSON_TYPE).POST(body(json))), 400, BAD, "c1");
      assertNotMounted(custom.send(DialectFixture.request(custom, "/auth/login")
          .header("Authorization", app())
          .header("Content-Type", JSON_TYPE).header(TENANT, "shop").POST(body(json)).build()));
    }
  }
}
