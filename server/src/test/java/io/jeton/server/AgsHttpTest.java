package io.jeton.server;

import static io.jeton.server.DialectFixture.AGS_TENANT;
import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.assertAgsError;
import static io.jeton.server.DialectFixture.assertNotMounted;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.DialectFixture.claims;
import static io.jeton.server.DialectFixture.ok;
import static io.jeton.server.DialectFixture.send;
import static io.jeton.server.TestNode.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AGS (SPEC 3.3, docs/dialects/ags.md) against a real server: service discovery, signon and
 * refresh, and every documented refusal in AGS's {@code {"code","message"}} shape.
 */
class AgsHttpTest {
  static final String DISCOVERY = "/ags/servicediscovery";
  static final String SIGNON = "/ags/signon";
  static final String REFRESH = "/ags/refresh";
  static final String SERVICE = "x-auth-service-id";
  static final String PASSWORD_SERVICE = "{\"id\":\"password\",\"name\":\"Username and password\","
      + "\"parameters\":["
      + "{\"name\":\"username\",\"type\":\"string\",\"required\":true,\"secret\":false},"
      + "{\"name\":\"password\",\"type\":\"string\",\"required\":true,\"secret\":true}]}";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = DialectFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String params(String... namesAndValues) {
    StringBuilder b = new StringBuilder("{\"parameters\":[");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.append(i == 0 ? "" : ",").append("{\"name\":\"").append(namesAndValues[i]).append("\",\"value\":\"")
          .append(namesAndValues[i + 1]).append("\"}");
    }
    return b.append("]}").toString();
  }

  static HttpRequest.Builder signon(TestNode n, String tenant, String service, String json) {
    HttpRequest.Builder b = DialectFixture.request(n, SIGNON).header("Content-Type", JSON_TYPE)
        .POST(body(json));
    if (tenant != null) {
      b.header(AGS_TENANT, tenant);
    }
    return service == null ? b : b.header(SERVICE, service);
  }

  static HttpRequest.Builder refresh(TestNode n, String tenant, String service, String authorization,
      String json) {
    HttpRequest.Builder b = DialectFixture.request(n, REFRESH).header("Content-Type", JSON_TYPE)
        .POST(body(json));
    if (tenant != null) {
      b.header(AGS_TENANT, tenant);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return service == null ? b : b.header(SERVICE, service);
  }

  private static HttpResponse<String> signon(String tenant, String service, String json) {
    return send(node, signon(node, tenant, service, json));
  }

  private static HttpResponse<String> refresh(String service, String authorization, String json) {
    return send(node, refresh(node, "shop", service, authorization, json));
  }

  /**
   * Asserts AGS's token document: the mount's client, the user's accountId (or null) and the
   * realm's lifetimes counted from the access token's iat; returns it.
   */
  static JsonNode assertTokens(HttpResponse<String> r, String accountId, long sessionEnd) {
    JsonNode b = ok(r, JSON_TYPE);
    assertThat(TestNode.keys(b)).containsExactlyInAnyOrder("access_token", "refresh_token", "client_id",
        "accountId",
        "token_type", "expires_in", "refresh_expires_in", "fixed_refresh_expires_in");
    assertThat(b.get("access_token").textValue()).isNotEmpty();
    assertThat(b.get("refresh_token").textValue()).isNotEmpty();
    assertThat(b.get("client_id").textValue()).isEqualTo("app");
    if (accountId == null) {
      assertThat(b.get("accountId").isNull()).isTrue();
    } else {
      assertThat(b.get("accountId").textValue()).isEqualTo(accountId);
    }
    assertThat(b.get("token_type").textValue()).isEqualTo("bearer");
    long iat = claims(b.get("access_token").textValue()).get("iat").longValue();
    for (String f : List.of("expires_in", "refresh_expires_in", "fixed_refresh_expires_in")) {
      assertThat(b.get(f).isIntegralNumber()).as(f).isTrue();
    }
    assertThat(b.get("expires_in").longValue()).isEqualTo(3600);
    assertThat(b.get("refresh_expires_in").longValue()).isEqualTo(604800);
    assertThat(b.get("fixed_refresh_expires_in").longValue()).isEqualTo(sessionEnd - iat);
    return b;
  }

  private static JsonNode signonAlice() {
    HttpResponse<String> r = signon("shop", "password",
        params("username", "alice", "password", "alice-pass"));
    long iat = claims(TestNode.json(r).get("access_token").textValue()).get("iat").longValue();
    return assertTokens(r, "1663", iat + 2592000);
  }

  @Test
  void serviceDiscovery_realmServices_areListedWithTheirParameters() {
    for (HttpRequest.Builder b : List.of(DialectFixture.request(node, DISCOVERY).header(AGS_TENANT, "shop")
        .GET(),
        DialectFixture.request(node, DISCOVERY).GET())) {
      HttpResponse<String> r = send(node, b);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains(JSON_TYPE);
      assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
      assertThat(TestNode.json(r)).isEqualTo(TestNode.parse("{\"services\":[" + PASSWORD_SERVICE + "]}"));
    }
  }

  @Test
  void signon_rightPassword_returnsTheTokenDocument() {
    JsonNode b = signonAlice();
    assertThat(claims(b.get("access_token").textValue()).get("client_id").textValue()).isEqualTo("app");
    HttpResponse<String> carol = signon("shop", "password",
        params("username", "carol", "password", "carol-pass"));
    long iat = claims(TestNode.json(carol).get("access_token").textValue()).get("iat").longValue();
    assertTokens(carol, null, iat + 2592000);
  }

  @Test
  void refresh_rawOrBearerToken_rotatesAndFixedExpiryCountsDownToTheSessionEnd() {
    JsonNode first = signonAlice();
    long iat = claims(first.get("access_token").textValue()).get("iat").longValue();
    long sessionEnd = iat + first.get("fixed_refresh_expires_in").longValue();
    JsonNode second = assertTokens(refresh("password", first.get("refresh_token").textValue(),
        params("username", "alice")), "1663", sessionEnd);
    JsonNode third = assertTokens(refresh("password", "Bearer " + second.get("refresh_token").textValue(),
        "{\"parameters\":[]}"), "1663", sessionEnd);
    assertThat(third.get("refresh_token").textValue()).isNotEqualTo(second.get("refresh_token").textValue());
    assertThat(claims(third.get("access_token").textValue()).get("sid"))
        .isEqualTo(claims(first.get("access_token").textValue()).get("sid"));
  }

  @Test
  void refresh_usedToken_isTokenReusedAndRevokesTheSession() {
    JsonNode first = signonAlice();
    JsonNode second = TestNode.json(refresh("password", first.get("refresh_token").textValue(), params()));
    assertAgsError(refresh("password", first.get("refresh_token").textValue(), params()), 401, "token_reused",
        "refresh token has already been used");
    assertAgsError(refresh("password", second.get("refresh_token").textValue(), params()), 401,
        "token_revoked",
        "refresh token has been revoked");
  }

  @Test
  void refresh_revokedUnknownOrOtherTenantsToken_is401() {
    JsonNode tokens = signonAlice();
    assertThat(node.post("shop", "revoke", "app", "app-secret", TestNode.form("token",
        tokens.get("refresh_token").textValue())).statusCode()).isEqualTo(200);
    assertAgsError(refresh("password", tokens.get("refresh_token").textValue(), params()), 401,
        "token_revoked",
        "refresh token has been revoked");
    assertAgsError(refresh("password", "unknown-token", params()), 401, "invalid_token",
        "refresh token is invalid");
    JsonNode brief = ok(signon("brief", "password", params("username", "alice", "password", "alice-pass")),
        JSON_TYPE);
    assertAgsError(refresh("password", brief.get("refresh_token").textValue(), params()), 401,
        "invalid_token",
        "refresh token is invalid");
  }

  @Test
  void refresh_expiredToken_isTokenExpired() {
    HttpResponse<String> r = signon("brief", "password",
        params("username", "alice", "password", "alice-pass"));
    JsonNode b = ok(r, JSON_TYPE);
    assertThat(b.get("expires_in").longValue()).isEqualTo(1);
    assertThat(b.get("refresh_expires_in").longValue()).isEqualTo(1);
    DialectFixture.sleepPastExpiry();
    assertAgsError(send(node, refresh(node, "brief", "password", b.get("refresh_token").textValue(),
        params())), 401,
        "token_expired", "refresh token has expired");
  }

  @Test
  void signon_badCredentials_isInvalidCredentials() {
    for (String user : List.of("alice", "nobody")) {
      assertAgsError(signon("shop", "password", params("username", user, "password", "wrong")), 401,
          "invalid_credentials", "invalid username or password");
    }
  }

  @Test
  void signonAndRefresh_refusedUsers_are403() {
    assertAgsError(signon("shop", "password", params("username", "bob", "password", "bob-pass")), 403,
        "user_disabled",
        "user account is disabled");
    JsonNode tokens = signonAlice();
    String refresh = tokens.get("refresh_token").textValue();
    assertAgsError(refresh("password", refresh, params("username", "carol")), 403, "user_mismatch",
        "username does not match the session's user");
    assertAgsError(refresh("corp", refresh, params()), 403, "user_mismatch",
        "the session was not created with authentication service 'corp'");
    // none of those used the token
    assertThat(refresh("password", refresh, params("username", "alice")).statusCode()).isEqualTo(200);
  }

  @Test
  void refresh_tokenOfAnotherClient_isClientMismatch() {
    HttpResponse<String> c1 = send(node, DialectFixture.request(node, "/auth/login")
        .header("Authorization", basic("other", "other-secret")).header("Content-Type", JSON_TYPE)
        .POST(body("{\"username\":\"alice\",\"password\":\"alice-pass\"}")));
    String refresh = ok(c1, JSON_TYPE).get("refreshToken").textValue();
    assertAgsError(refresh("password", refresh, params()), 403, "client_mismatch",
        "refresh token was issued to another client");
  }

  @Test
  void signonAndRefresh_tenantProblems_are403() {
    String pw = params("username", "alice", "password", "alice-pass");
    assertAgsError(signon("nope", "password", pw), 403, "unknown_tenant", "tenant 'nope' does not exist");
    assertAgsError(send(node, DialectFixture.request(node, DISCOVERY).header(AGS_TENANT, "nope").GET()), 403,
        "unknown_tenant", "tenant 'nope' does not exist");
    assertAgsError(send(node, refresh(node, "nope", "password", "x", params())), 403, "unknown_tenant",
        "tenant 'nope' does not exist");
    assertAgsError(signon("empty", "password", pw), 403, "client_not_configured",
        "client 'app' of the ags dialect does not exist in realm 'empty'");
    assertAgsError(send(node, refresh(node, "empty", "password", "x", params())), 403,
        "client_not_configured",
        "client 'app' of the ags dialect does not exist in realm 'empty'");
    assertAgsError(signon("locked", "password", pw), 403, "access_denied",
        "client 'app' may not use grant_type 'password'");
  }

  @Test
  void signon_unknownServiceOrMissingParameter_is400() {
    assertAgsError(signon("shop", "corp", params("username", "alice", "password", "alice-pass")), 400,
        "unknown_auth_service", "authentication service 'corp' is not available in realm 'shop'");
    assertAgsError(signon("shop", "password", params("username", "alice")), 400, "invalid_parameters",
        "parameter 'password' is required by authentication service 'password'");
    assertAgsError(signon("shop", "password", params("username", "alice", "password", "")), 400,
        "invalid_parameters",
        "parameter 'password' is required by authentication service 'password'");
  }

  @Test
  void signonAndRefresh_headerProblems_are400() {
    String pw = params("username", "alice", "password", "alice-pass");
    String required = "header 'x-auth-service-id' is required";
    assertAgsError(signon("shop", null, pw), 400, "missing_header", required);
    assertAgsError(signon("shop", " ", pw), 400, "missing_header", required);
    assertAgsError(signon("shop", "p".repeat(257), pw), 400, "invalid_header",
        "header 'x-auth-service-id' is longer than 256 characters");
    assertAgsError(send(node, signon(node, "shop", "password", pw).header(SERVICE, "password")), 400,
        "invalid_header",
        "header 'x-auth-service-id' appears more than once");
    assertAgsError(refresh("password", null, params()), 400, "missing_header",
        "header 'Authorization' with the refresh token is required");
    assertAgsError(refresh(null, "some-token", params()), 400, "missing_header", required);
    String shape = "header 'Authorization' must be the refresh token, or 'Bearer ' and the refresh token";
    for (String auth : List.of("Basic YTpi", "Bearer", "two words", "Bearer a b")) {
      assertAgsError(refresh("password", auth, params()), 400, "invalid_header", shape);
    }
    assertAgsError(send(node, refresh(node, "shop", "password", "a", params()).header("Authorization", "b")),
        400,
        "invalid_header", "header 'Authorization' appears more than once");
  }

  @Test
  void signon_wrongContentType_isUnsupportedContentType() {
    String pw = params("username", "alice", "password", "alice-pass");
    assertAgsError(send(node, DialectFixture.request(node, SIGNON).header(AGS_TENANT, "shop")
        .header(SERVICE, "password")
        .POST(body(pw))), 400, "unsupported_content_type",
        "the body must be application/json (Content-Type is missing)");
    assertAgsError(send(node, DialectFixture.request(node, SIGNON).header(SERVICE, "password")
        .header("Content-Type", TestNode.FORM).POST(body("username=alice"))), 400, "unsupported_content_type",
        "the body must be application/json, not 'application/x-www-form-urlencoded'");
    assertAgsError(send(node, DialectFixture.request(node, REFRESH).header(SERVICE, "password")
        .header("Authorization", "tok").header("Content-Type", "application/json; charset=latin1")
        .POST(body(pw))), 400,
        "unsupported_content_type", "charset 'latin1' is not supported; use UTF-8");
  }

  @Test
  void signonAndRefresh_malformedBodies_areMalformedBody() {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("", "the request body is empty; a JSON object is required");
    cases.put("{", "the request body is not valid JSON");
    cases.put("{} {}", "the request body is not valid JSON");
    cases.put("[]", "the request body must be a JSON object");
    cases.put("{\"parameters\":[],\"parameters\":[]}",
        "the request body is not valid JSON (a member is repeated)");
    cases.put("{}", "member 'parameters' is required");
    cases.put("{\"parameters\":null}", "member 'parameters' is required");
    cases.put("{\"parameters\":{}}", "member 'parameters' must be an array");
    cases.put("{\"parameters\":\"username=alice\"}", "member 'parameters' must be an array");
    cases.put("{\"parameters\":[5]}", "parameters[0] must be an object with 'name' and 'value'");
    cases.put("{\"parameters\":[{\"name\":5,\"value\":\"x\"}]}",
        "parameters[0].name must be a string of 1 to 128 characters");
    cases.put("{\"parameters\":[{\"name\":\"\",\"value\":\"x\"}]}",
        "parameters[0].name must be a string of 1 to 128 characters");
    cases.put("{\"parameters\":[{\"name\":\"" + "n".repeat(129) + "\",\"value\":\"x\"}]}",
        "parameters[0].name must be a string of 1 to 128 characters");
    cases.put("{\"parameters\":[{\"name\":\"username\"}]}", "parameters[0].value must be a string");
    cases.put("{\"parameters\":[{\"name\":\"username\",\"value\":42}]}",
        "parameters[0].value must be a string");
    cases.put(params("username", "alice", "username", "bob"), "parameter 'username' appears more than once");
    StringBuilder many = new StringBuilder("{\"parameters\":[");
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("{\"name\":\"p").append(i).append("\",\"value\":\"\"}");
    }
    cases.put(many.append("]}").toString(), "member 'parameters' has more than 32 entries");
    cases.forEach((json, message) -> {
      assertAgsError(signon("shop", "password", json), 400, "malformed_body", message);
      assertAgsError(refresh("password", "some-token", json), 400, "malformed_body", message);
    });
    assertAgsError(send(node, DialectFixture.request(node, SIGNON).header(SERVICE, "password")
        .header("Content-Type", JSON_TYPE).POST(body(DialectFixture.notUtf8("{\"parameters\":[{\"name\":\"a",
            "\",\"value\":\"b\"}]}")))), 400, "malformed_body", "the request body is not valid UTF-8");
  }

  @Test
  void anyEndpoint_wrongMethod_isMethodNotAllowedWithAllow() {
    HttpResponse<String> r = send(node, DialectFixture.request(node, DISCOVERY).POST(body("{}")));
    assertAgsError(r, 405, "method_not_allowed", "method POST is not allowed here; use GET");
    assertThat(r.headers().allValues("Allow")).containsExactly("GET");
    for (String path : List.of(SIGNON, REFRESH)) {
      r = send(node, DialectFixture.request(node, path).GET());
      assertAgsError(r, 405, "method_not_allowed", "method GET is not allowed here; use POST");
      assertThat(r.headers().allValues("Allow")).containsExactly("POST");
    }
  }

  @Test
  void signon_bodyOverTheServerLimit_isMalformedBody() {
    String big = params("username", "alice", "password", "x".repeat(TestNode.MAX_BODY_BYTES));
    String d = "the request body is larger than " + TestNode.MAX_BODY_BYTES + " bytes";
    assertAgsError(signon("shop", "password", big), 400, "malformed_body", d);
    assertAgsError(send(node, DialectFixture.request(node, SIGNON).header(SERVICE, "password")
        .header("Content-Type", JSON_TYPE).POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))), 400, "malformed_body",
            d);
  }

  @Test
  void serviceDiscovery_malformedQueryString_isRefusedInAgsShapeWithCorrelationId() {
    String raw = node.raw("GET " + DISCOVERY
        + "?x=%zz HTTP/1.1\r\nHost: x\r\nx-correlation-id: raw-ags\r\n\r\n");
    assertThat(DialectFixture.status(raw)).as(raw).isEqualTo(400);
    assertThat(raw).containsIgnoringCase("x-correlation-id: raw-ags");
    assertThat(DialectFixture.rawBody(raw))
        .isEqualTo(TestNode.parse("{\"code\":\"malformed_body\",\"message\":"
        + "\"the query string is malformed: a bad %-escape or bytes that are not UTF-8\"}"));
  }

  @Test
  void mount_disabled_answersNotFound() {
    try (TestNode off = TestNode.start(DialectFixture.imports(),
        Map.of("ags", DialectFixture.disabled("ags")))) {
      assertNotMounted(off.get(DISCOVERY));
      assertNotMounted(off.send(signon(off, "shop", "password", params()).build()));
    }
  }

  @Test
  void mount_customPrefixWithoutRealmOrClient_answersThereAndNeedsTenantAndClient() {
    try (TestNode custom = TestNode.start(DialectFixture.imports(),
        Map.of("ags", DialectFixture.mount("ags", "/gw", null, AGS_TENANT, null)))) {
      HttpResponse<String> r = send(custom, DialectFixture.request(custom, "/gw/servicediscovery")
          .header(AGS_TENANT, "brief").GET());
      assertThat(TestNode.json(r)).isEqualTo(TestNode.parse("{\"services\":[" + PASSWORD_SERVICE + "]}"));
      assertAgsError(send(custom, DialectFixture.request(custom, "/gw/servicediscovery").GET()), 400,
          "missing_header",
          "header 'nv-tenant-id' is required");
      HttpRequest.Builder s = DialectFixture.request(custom, "/gw/signon").header(AGS_TENANT, "shop")
          .header(SERVICE, "password").header("Content-Type", JSON_TYPE)
          .POST(body(params("username", "alice", "password", "alice-pass")));
      // shop names no AGS client of its own and is not the mount's realm: unknown to AGS (SPEC 3 intro).
      assertAgsError(send(custom, s), 403, "unknown_tenant", "tenant 'shop' does not exist");
      assertNotMounted(custom.send(DialectFixture.request(custom, DISCOVERY).header(AGS_TENANT, "shop").GET()
          .build()));
    }
    try (TestNode unbound = TestNode.start(DialectFixture.imports(),
        Map.of("ags", DialectFixture.mount("ags", "/ags", null, null, "app")))) {
      assertAgsError(send(unbound, DialectFixture.request(unbound, DISCOVERY).header(AGS_TENANT, "shop")
          .GET()), 403,
          "unknown_tenant", "the AGS dialect is bound to no realm");
    }
  }
}
