package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.TENANT;
import static io.jeton.server.DialectFixture.assertAminoError;
import static io.jeton.server.DialectFixture.assertNotMounted;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.DialectFixture.claims;
import static io.jeton.server.DialectFixture.ok;
import static io.jeton.server.DialectFixture.send;
import static io.jeton.server.TestNode.FORM;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RealmName;
import java.io.ByteArrayInputStream;
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
 * Amino (SPEC 3.4, docs/dialects/amino.md) against a real server: login, token, DELETE session,
 * and every documented refusal as a JSON:API error document.
 */
class AminoHttpTest {
  static final String LOGIN = "/amino/login";
  static final String TOKEN = "/amino/token";
  static final String SESSION = "/amino/session";
  static final String API_JSON = "application/vnd.api+json";
  private static final String MISSING_TYPE = "the body must be application/json or " + FORM
      + " (Content-Type is missing)";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = DialectFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static HttpRequest.Builder post(TestNode n, String path, String contentType, String content) {
    HttpRequest.Builder b = DialectFixture.request(n, path).POST(body(content));
    return contentType == null ? b : b.header("Content-Type", contentType);
  }

  private static HttpResponse<String> login(String contentType, String content) {
    return send(node, post(node, LOGIN, contentType, content));
  }

  private static HttpResponse<String> loginJson(String user, String password) {
    return login(JSON_TYPE, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
  }

  private static HttpResponse<String> refresh(String refreshToken) {
    return send(node, post(node, TOKEN, FORM, form("grant_type", "refresh_token", "refresh_token",
        refreshToken)));
  }

  static HttpRequest.Builder delete(TestNode n, String authorization) {
    HttpRequest.Builder b = DialectFixture.request(n, SESSION).DELETE();
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  /**
   * Asserts the AuthenticationTokens document: id the access token's sid, timestamps in UNIX
   * seconds, user_id and user_profile_id as given; returns the attributes.
   */
  static JsonNode assertDocument(HttpResponse<String> r, JsonNode userId, JsonNode profileId) {
    JsonNode b = ok(r, API_JSON);
    assertThat(TestNode.keys(b)).containsExactly("data");
    assertThat(b.get("data").isArray()).isTrue();
    assertThat(b.get("data").size()).isEqualTo(1);
    JsonNode d = b.get("data").get(0);
    assertThat(TestNode.keys(d)).containsExactlyInAnyOrder("type", "id", "attributes");
    assertThat(d.get("type").textValue()).isEqualTo("AuthenticationTokens");
    JsonNode a = d.get("attributes");
    assertThat(TestNode.keys(a)).containsExactlyInAnyOrder("login_timestamp", "user_id", "user_profile_id",
        "access_token", "expires_at_timestamp", "refresh_token");
    JsonNode c = claims(a.get("access_token").textValue());
    assertThat(d.get("id").textValue()).isEqualTo(c.get("sid").textValue());
    assertThat(a.get("login_timestamp").isIntegralNumber()).isTrue();
    assertThat(a.get("login_timestamp").longValue())
        .isBetween(c.get("iat").longValue() - 60, c.get("iat").longValue());
    assertThat(a.get("expires_at_timestamp").isIntegralNumber()).isTrue();
    assertThat(a.get("expires_at_timestamp").longValue()).isEqualTo(c.get("exp").longValue());
    assertThat(c.get("exp").longValue() - c.get("iat").longValue()).isEqualTo(3600);
    assertThat(a.get("user_id")).isEqualTo(userId);
    assertThat(a.get("user_profile_id")).isEqualTo(profileId);
    assertThat(a.get("refresh_token").textValue()).isNotEmpty();
    return b.get("data").get(0);
  }

  private static JsonNode loginAlice() {
    return assertDocument(loginJson("alice", "alice-pass"), TestNode.parse("1234"),
        TestNode.parse("\"84eb61a9\""));
  }

  private static String at(JsonNode doc) {
    return doc.get("attributes").get("access_token").textValue();
  }

  private static String rt(JsonNode doc) {
    return doc.get("attributes").get("refresh_token").textValue();
  }

  @Test
  void login_jsonApiJsonOrForm_returnsTheDocument() {
    JsonNode alice = loginAlice();
    assertThat(claims(at(alice)).get("client_id").textValue()).isEqualTo("app");
    assertDocument(login(API_JSON, "{\"username\":\"alice\",\"password\":\"alice-pass\"}"),
        TestNode.parse("1234"),
        TestNode.parse("\"84eb61a9\""));
    assertDocument(login(FORM, form("username", "alice", "password", "alice-pass")), TestNode.parse("1234"),
        TestNode.parse("\"84eb61a9\""));
  }

  @Test
  void login_userWithoutAttributes_userIdIsJetonsIdAndProfileIsNull() {
    String id = node.server.database().stores().users().findByUsername(RealmName.of("shop"), "carol")
        .orElseThrow()
        .id().value();
    assertDocument(loginJson("carol", "carol-pass"), TestNode.JSON.getNodeFactory().textNode(id),
        TestNode.JSON.getNodeFactory().nullNode());
  }

  @Test
  void token_refreshJsonOrForm_rotatesInTheSameSession() {
    JsonNode first = loginAlice();
    JsonNode second = assertDocument(refresh(rt(first)), TestNode.parse("1234"),
        TestNode.parse("\"84eb61a9\""));
    assertThat(second.get("id")).isEqualTo(first.get("id"));
    assertThat(second.get("attributes").get("login_timestamp"))
        .isEqualTo(first.get("attributes").get("login_timestamp"));
    JsonNode third = assertDocument(send(node, post(node, TOKEN, JSON_TYPE,
        "{\"grant_type\":\"refresh_token\","
        + "\"refresh_token\":\"" + rt(second) + "\"}")), TestNode.parse("1234"),
        TestNode.parse("\"84eb61a9\""));
    assertThat(third.get("id")).isEqualTo(first.get("id"));
    assertThat(rt(third)).isNotEqualTo(rt(second));
  }

  @Test
  void deleteSession_validToken_revokesTheSessionAndAnswers204() {
    JsonNode doc = loginAlice();
    HttpResponse<String> r = send(node, delete(node, "Bearer " + at(doc)));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.headers().firstValue("Pragma")).as("beside no-store, review L1").contains("no-cache");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertAminoError(refresh(rt(doc)), 401, "invalid_grant", "Invalid grant",
        "refresh token has been revoked");
    assertThat(node.introspect("shop", at(doc))).isEqualTo(TestNode.parse("{\"active\":false}"));
    HttpResponse<String> again = send(node, delete(node, "Bearer " + at(doc)));
    assertAminoError(again, 401, "invalid_token", "Invalid token",
        "the access token is invalid, expired or revoked");
    assertThat(again.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"shop\", error=\"invalid_token\"");
  }

  @Test
  void deleteSession_missingOrMalformedAuthorization_isRefused() {
    HttpResponse<String> none = send(node, delete(node, null));
    assertAminoError(none, 401, "invalid_token", "Invalid token",
        "header 'Authorization: Bearer <access token>' is required");
    assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"shop\"");
    for (String auth : List.of("Basic YTpi", "Bearer", "Bearer a b")) {
      assertAminoError(send(node, delete(node, auth)), 400, "invalid_request", "Invalid request",
          "header 'Authorization' must be 'Bearer ' and an access token");
    }
    assertAminoError(send(node, delete(node, "Bearer a").header("Authorization", "Bearer b")), 400,
        "invalid_request",
        "Invalid request", "header 'Authorization' must be 'Bearer ' and an access token");
    HttpResponse<String> bad = send(node, delete(node, "Bearer not-a-token"));
    assertAminoError(bad, 401, "invalid_token", "Invalid token",
        "the access token is invalid, expired or revoked");
    assertThat(bad.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"shop\", error=\"invalid_token\"");
  }

  @Test
  void login_badCredentialsOrDisabledUser_is401Or403() {
    assertAminoError(loginJson("alice", "wrong"), 401, "invalid_credentials", "Invalid credentials",
        "invalid username or password");
    assertAminoError(loginJson("nobody", "wrong"), 401, "invalid_credentials", "Invalid credentials",
        "invalid username or password");
    assertAminoError(loginJson("bob", "bob-pass"), 403, "user_disabled", "User disabled",
        "user account is disabled");
  }

  @Test
  void token_unusableRefreshToken_isInvalidGrant() {
    JsonNode first = loginAlice();
    assertAminoError(refresh("unknown"), 401, "invalid_grant", "Invalid grant", "refresh token is invalid");
    JsonNode second = assertDocument(refresh(rt(first)), TestNode.parse("1234"),
        TestNode.parse("\"84eb61a9\""));
    assertAminoError(refresh(rt(first)), 401, "invalid_grant", "Invalid grant",
        "refresh token has already been used");
    assertAminoError(refresh(rt(second)), 401, "invalid_grant", "Invalid grant",
        "refresh token has been revoked");
    HttpResponse<String> c1 = send(node, DialectFixture.request(node, "/auth/login")
        .header("Authorization", basic("other", "other-secret")).header("Content-Type", JSON_TYPE)
        .POST(body("{\"username\":\"alice\",\"password\":\"alice-pass\"}")));
    assertAminoError(refresh(ok(c1, JSON_TYPE).get("refreshToken").textValue()), 401, "invalid_grant",
        "Invalid grant",
        "refresh token was issued to another client");
  }

  @Test
  void tokenAndDelete_expiredTokens_areRefused() {
    HttpResponse<String> r = send(node, post(node, LOGIN, JSON_TYPE,
        "{\"username\":\"alice\",\"password\":\"alice-pass\"}")
        .header(TENANT, "brief"));
    JsonNode doc = ok(r, API_JSON).get("data").get(0);
    DialectFixture.sleepPastExpiry();
    assertAminoError(send(node, post(node, TOKEN, FORM,
        form("grant_type", "refresh_token", "refresh_token", rt(doc)))
        .header(TENANT, "brief")), 401, "invalid_grant", "Invalid grant", "refresh token has expired");
    HttpResponse<String> d = send(node, delete(node, "Bearer " + at(doc)).header(TENANT, "brief"));
    assertAminoError(d, 401, "invalid_token", "Invalid token",
        "the access token is invalid, expired or revoked");
    assertThat(d.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"brief\", error=\"invalid_token\"");
  }

  @Test
  void token_otherGrantType_isUnsupportedGrantType() {
    for (String g : List.of("password", "client_credentials", "REFRESH_TOKEN")) {
      assertAminoError(send(node, post(node, TOKEN, FORM, form("grant_type", g, "refresh_token", "x"))), 400,
          "unsupported_grant_type", "Unsupported grant type",
          "grant_type '" + g + "' is not supported; use refresh_token");
    }
  }

  @Test
  void loginAndToken_tenantAndClientProblems_areRefused() {
    String pw = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
    // SPEC 3 intro: a realm unknown to Amino is 401.
    assertAminoError(send(node, post(node, LOGIN, JSON_TYPE, pw).header(TENANT, "nope")), 401,
        "unknown_tenant",
        "Unknown tenant", "tenant 'nope' does not exist");
    assertAminoError(send(node, delete(node, "Bearer x").header(TENANT, "nope")), 401, "unknown_tenant",
        "Unknown tenant", "tenant 'nope' does not exist");
    assertAminoError(send(node, post(node, LOGIN, JSON_TYPE, pw).header(TENANT, "empty")), 403,
        "client_not_configured", "Client not configured",
        "client 'app' of the amino dialect does not exist in realm 'empty'");
    assertAminoError(send(node, post(node, TOKEN, FORM,
        form("grant_type", "refresh_token", "refresh_token", "x"))
        .header(TENANT, "empty")), 403, "client_not_configured", "Client not configured",
        "client 'app' of the amino dialect does not exist in realm 'empty'");
    assertAminoError(send(node, post(node, LOGIN, JSON_TYPE, pw).header(TENANT, "locked")), 403,
        "access_denied",
        "Access denied", "client 'app' may not use grant_type 'password'");
  }

  @Test
  void loginAndToken_malformedBodiesOrFields_areInvalidRequest() {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("", "the request body is empty; a JSON object is required");
    json.put("{", "the request body is not valid JSON");
    json.put("{} []", "the request body is not valid JSON");
    json.put("[\"alice\"]", "the request body must be a JSON object");
    json.put("[".repeat(40) + "]".repeat(40), "the request body is not valid JSON");
    json.put("{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"}",
        "the request body is not valid JSON (a member is repeated)");
    json.put("{\"username\":42,\"password\":\"x\"}", "'username' must be a string");
    json.put("{\"username\":\"alice\",\"password\":{}}", "'password' must be a string");
    json.put("{\"password\":\"x\"}", "missing parameter 'username'");
    json.put("{\"username\":\"alice\",\"password\":\"\"}", "missing parameter 'password'");
    json.put("{\"username\":null,\"password\":\"x\"}", "missing parameter 'username'");
    json.forEach((content, detail) ->
        assertAminoError(login(JSON_TYPE, content), 400, "invalid_request", "Invalid request", detail));
    String malformed = "the form body is malformed: a bad %-escape or bytes that are not UTF-8";
    assertAminoError(login(FORM, "username=%zz&password=x"), 400, "invalid_request", "Invalid request",
        malformed);
    assertAminoError(login(FORM, "username=a&username=b&password=x"), 400, "invalid_request",
        "Invalid request",
        "parameter 'username' is included more than once");
    assertAminoError(send(node, DialectFixture.request(node, LOGIN).header("Content-Type", JSON_TYPE)
        .POST(body(DialectFixture.notUtf8("{\"username\":\"al", "ice\",\"password\":\"x\"}")))), 400,
        "invalid_request", "Invalid request", "the request body is not valid UTF-8");
    assertAminoError(send(node, post(node, TOKEN, FORM, "refresh_token=x")), 400, "invalid_request",
        "Invalid request",
        "missing parameter 'grant_type'");
    assertAminoError(send(node, post(node, TOKEN, JSON_TYPE, "{\"grant_type\":\"refresh_token\"}")), 400,
        "invalid_request", "Invalid request", "missing parameter 'refresh_token'");
    assertAminoError(send(node, post(node, TOKEN, JSON_TYPE,
        "{\"grant_type\":\"refresh_token\",\"refresh_token\":7}")),
        400, "invalid_request", "Invalid request", "'refresh_token' must be a string");
  }

  @Test
  void loginAndToken_wrongContentType_isUnsupportedMediaType() {
    String pw = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
    assertAminoError(login(null, pw), 415, "unsupported_media_type", "Unsupported media type", MISSING_TYPE);
    assertAminoError(login("text/plain", pw), 415, "unsupported_media_type", "Unsupported media type",
        "the body must be application/json or " + FORM + ", not 'text/plain'");
    assertAminoError(login("application/json; charset=ISO-8859-1", pw), 415, "unsupported_media_type",
        "Unsupported media type", "charset 'iso-8859-1' is not supported; use UTF-8");
    assertAminoError(send(node, post(node, TOKEN, null, "grant_type=refresh_token&refresh_token=x")), 415,
        "unsupported_media_type", "Unsupported media type", MISSING_TYPE);
  }

  @Test
  void anyEndpoint_wrongMethod_isMethodNotAllowedWithAllow() {
    for (String path : List.of(LOGIN, TOKEN)) {
      HttpResponse<String> r = send(node, DialectFixture.request(node, path).GET());
      assertAminoError(r, 405, "method_not_allowed", "Method not allowed",
          "method GET is not allowed here; use POST");
      assertThat(r.headers().allValues("Allow")).containsExactly("POST");
    }
    HttpResponse<String> r = send(node, post(node, SESSION, JSON_TYPE, "{}"));
    assertAminoError(r, 405, "method_not_allowed", "Method not allowed",
        "method POST is not allowed here; use DELETE");
    assertThat(r.headers().allValues("Allow")).containsExactly("DELETE");
  }

  @Test
  void login_bodyOverTheServerLimit_isInvalidRequest() {
    String big = "{\"username\":\"alice\",\"password\":\"" + "x".repeat(TestNode.MAX_BODY_BYTES) + "\"}";
    String d = "the request body is larger than " + TestNode.MAX_BODY_BYTES + " bytes";
    assertAminoError(login(JSON_TYPE, big), 400, "invalid_request", "Invalid request", d);
    assertAminoError(send(node, DialectFixture.request(node, LOGIN).header("Content-Type", JSON_TYPE)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
            big.getBytes(StandardCharsets.UTF_8))))), 400, "invalid_request", "Invalid request", d);
  }

  @Test
  void login_malformedQueryString_isInvalidRequestWithCorrelationId() {
    String content = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
    String raw = node.raw("POST " + LOGIN + "?x=%zz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "x-correlation-id: raw-amino\r\nContent-Length: " + content.length() + "\r\n\r\n" + content);
    assertThat(DialectFixture.status(raw)).as(raw).isEqualTo(400);
    assertThat(raw).containsIgnoringCase("x-correlation-id: raw-amino")
        .containsIgnoringCase("content-type: application/vnd.api+json");
    assertThat(DialectFixture.rawBody(raw)).isEqualTo(TestNode.parse("{\"errors\":[{\"status\":\"400\","
        + "\"code\":\"invalid_request\",\"title\":\"Invalid request\",\"detail\":"
        + "\"the query string is malformed: a bad %-escape or bytes that are not UTF-8\"}]}"));
  }

  @Test
  void mount_disabled_answersNotFound() {
    try (TestNode off = TestNode.start(DialectFixture.imports(),
        Map.of("amino", DialectFixture.disabled("amino")))) {
      assertNotMounted(off.send(post(off, LOGIN, JSON_TYPE,
          "{\"username\":\"alice\",\"password\":\"alice-pass\"}")
          .build()));
      assertNotMounted(off.send(delete(off, "Bearer x").build()));
    }
  }

  @Test
  void mount_customPrefixWithoutRealmOrClient_answersThereAndNamesWhatIsMissing() {
    String pw = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
    try (TestNode custom = TestNode.start(DialectFixture.imports(),
        Map.of("amino", DialectFixture.mount("amino", "/api/amino", null, TENANT, "app")))) {
      JsonNode doc = ok(send(custom, post(custom, "/api/amino/login", JSON_TYPE, pw).header(TENANT, "brief")),
          API_JSON);
      // shop names no Amino client of its own and is not the mount's realm: unknown to Amino.
      assertAminoError(send(custom, post(custom, "/api/amino/login", JSON_TYPE, pw).header(TENANT, "shop")), 401,
          "unknown_tenant", "Unknown tenant", "tenant 'shop' does not exist");
      assertThat(doc.get("data").get(0).get("type").textValue()).isEqualTo("AuthenticationTokens");
      assertAminoError(send(custom, post(custom, "/api/amino/login", JSON_TYPE, pw)), 400, "missing_tenant",
          "Missing tenant", "header 'x-tenant' is required");
      assertNotMounted(custom.send(post(custom, LOGIN, JSON_TYPE, pw).header(TENANT, "shop").build()));
    }
    try (TestNode bare = TestNode.start(DialectFixture.imports(), Map.of())) {
      assertAminoError(send(bare, post(bare, LOGIN, JSON_TYPE, pw)), 401, "unknown_tenant", "Unknown tenant",
          "the Amino dialect is bound to no realm");
    }
    try (TestNode noClient = TestNode.start(DialectFixture.imports(),
        Map.of("amino", DialectFixture.mount("amino", "/amino", "shop", null, null)))) {
      assertAminoError(send(noClient, post(noClient, LOGIN, JSON_TYPE, pw)), 403, "client_not_configured",
          "Client not configured", "no client is configured for the amino dialect in realm 'shop'"
              + " (dialects.amino.client or realms[].dialects.amino.client)");
    }
  }
}
