package io.jeton.dialect.onesait;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.revoke.RevocationScope;
import io.jeton.testkit.TestCallers;
import static io.jeton.dialect.DialectTestEngine.fieldNames;
import static io.jeton.dialect.DialectTestEngine.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.token.AccessClaims;
import io.jeton.dialect.DialectTestEngine;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.testkit.TestRealms;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** onesait (SPEC 3.2) against a real engine on H2, without a socket: whole bodies, every error. */
class OnesaitDialectTest {
  static final String APP = basic("app", "app-secret");
  static final String OTHER = basic("other", "other-secret");
  static final String FORM = "application/x-www-form-urlencoded";

  static DialectTestEngine t;
  static Realm realm;
  static OnesaitDialect onesait;

  @BeforeAll
  static void start() {
    t = DialectTestEngine.start();
    realm = t.importRealm(realmImport(TestRealms.realm().grace(Duration.ZERO).build()));
    onesait = new OnesaitDialect(t.engine(), mount(Optional.of(realm.name())));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static RealmImport realmImport(Realm r) {
    Set<String> user = Set.of("password", "refresh_token", "client_credentials");
    return new RealmImport(r,
        List.of(
            new ClientImport("app", Optional.of("app-secret"), user, Set.of("read", "write"), Optional.empty()),
            new ClientImport("other", Optional.of("other-secret"), user, Set.of("read"), Optional.empty()),
            new ClientImport("machine", Optional.of("machine-secret"), Set.of("client_credentials"), Set.of("read"),
                Optional.empty()),
            new ClientImport("certified", Optional.of("certified-secret"), user, Set.of(),
                Optional.of("CN=certified"))),
        List.of(
            new UserImport("alice", Optional.of("alice-pw"), true, List.of("ROLE_ADMIN", "ROLE_USER"), Map.of()),
            new UserImport("carol", Optional.of("carol-pw"), false, List.of(), Map.of())));
  }

  static DialectMount mount(Optional<RealmName> bound) {
    return new DialectMount("onesait", true, "/oauth-server", bound, Optional.empty(), Optional.empty());
  }

  static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static String form(String... namesAndValues) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.append(b.isEmpty() ? "" : "&").append(namesAndValues[i]).append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  static WireRequest formPost(String authorization, String body) {
    return DialectTestEngine.request("POST", body, "Authorization", authorization, "Content-Type", FORM);
  }

  static WireRequest withQuery(String method, String authorization, Map<String, List<String>> query, String body) {
    return new WireRequest(method, Map.of(), body == null ? WireHeaders.single("Authorization", authorization)
        : WireHeaders.single("Authorization", authorization, "Content-Type", FORM), query,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), RequestContext.of("test-corr"));
  }

  static WireRequest tokenQuery(String method, String authorization, String token) {
    return withQuery(method, authorization, Map.of("token", List.of(token)), null);
  }

  static WireResponse password(String authorization, String username, String password) {
    return onesait.token(formPost(authorization, form("grant_type", "password", "username", username,
        "password", password)));
  }

  static JsonNode aliceTokens() {
    WireResponse r = password(APP, "alice", "alice-pw");
    assertEquals(200, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return json(r);
  }

  static void assertError(WireResponse r, int status, String error, String description) {
    assertEquals(status, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
    JsonNode b = json(r);
    assertEquals(List.of("error", "error_description"), fieldNames(b));
    assertEquals(error, b.get("error").textValue());
    assertEquals(description, b.get("error_description").textValue());
    assertEquals("application/json", r.header("Content-Type"));
    assertEquals("no-store", r.header("Cache-Control"));
    if (status == 401) {
      assertEquals("Basic realm=\"" + realm.name().value() + "\"", r.header("WWW-Authenticate"));
    } else {
      assertNull(r.header("WWW-Authenticate"));
    }
  }

  static void assertTokens(WireResponse r, String scope) {
    assertEquals(200, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("no-store", r.header("Cache-Control"));
    JsonNode b = json(r);
    assertEquals(List.of("access_token", "token_type", "refresh_token", "expires_in", "scope", "authorities", "jti"),
        fieldNames(b));
    assertEquals("bearer", b.get("token_type").textValue());
    assertTrue(b.get("access_token").isTextual() && b.get("refresh_token").isTextual());
    assertTrue(b.get("expires_in").isIntegralNumber());
    assertEquals(3600, b.get("expires_in").longValue());
    assertEquals(scope, b.get("scope").textValue());
    assertEquals(List.of("ROLE_ADMIN", "ROLE_USER"), strings(b.get("authorities")));
    AccessClaims claims = t.engine().validateAccessToken(realm, b.get("access_token").textValue()).orElseThrow();
    assertEquals(claims.jti(), b.get("jti").textValue());
  }

  static List<String> strings(JsonNode array) {
    assertTrue(array.isArray());
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }

  // ---- token: password

  @Test
  void token_password_returnsTokensWithAuthoritiesAndJti() {
    assertTokens(password(APP, "alice", "alice-pw"), "read write");
  }

  @Test
  void token_passwordWithScopeAndClientId_narrowsTheScope() {
    assertTokens(onesait.token(formPost(APP, form("grant_type", "password", "username", "alice",
        "password", "alice-pw", "clientId", "app", "scope", "read"))), "read");
  }

  @Test
  void token_clientIdOfAnotherClient_is400InvalidRequest() {
    assertError(onesait.token(formPost(APP, form("grant_type", "password", "username", "alice",
        "password", "alice-pw", "clientId", "other"))), 400, "invalid_request",
        "clientId 'other' does not match the client of the Authorization header");
  }

  @Test
  void token_scopeNotAllowed_is400InvalidScope() {
    assertError(onesait.token(formPost(APP, form("grant_type", "password", "username", "alice",
        "password", "alice-pw", "scope", "admin"))), 400, "invalid_scope",
        "scope 'admin' is not allowed for client 'app'");
  }

  @Test
  void token_wrongPasswordUnknownOrDisabledUser_is400InvalidGrant() {
    assertError(password(APP, "alice", "nope"), 400, "invalid_grant", "invalid username or password");
    assertError(password(APP, "mallory", "nope"), 400, "invalid_grant", "invalid username or password");
    assertError(password(APP, "carol", "carol-pw"), 400, "invalid_grant", "user account is disabled");
  }

  @Test
  void token_badClient_is401InvalidClient() {
    assertError(password(basic("app", "wrong"), "alice", "alice-pw"), 401, "invalid_client",
        "client authentication failed");
    assertError(password(basic("ghost", "x"), "alice", "alice-pw"), 401, "invalid_client",
        "client authentication failed");
    assertError(password("Bearer xyz", "alice", "alice-pw"), 401, "invalid_client",
        "only the Basic authentication scheme is supported");
    assertError(onesait.token(DialectTestEngine.request("POST", form("grant_type", "password", "username", "alice",
        "password", "alice-pw"), "Content-Type", FORM)), 401, "invalid_client",
        "client authentication is required (HTTP Basic)");
  }

  @Test
  void token_clientRequiringACertificate_is401WithoutTls() {
    assertError(password(basic("certified", "certified-secret"), "alice", "alice-pw"), 401, "invalid_client",
        "client 'certified' must present its TLS client certificate");
  }

  @Test
  void token_clientWithoutThePasswordGrant_is400UnauthorizedClient() {
    assertError(password(basic("machine", "machine-secret"), "alice", "alice-pw"), 400, "unauthorized_client",
        "client 'machine' may not use grant_type 'password'");
  }

  @Test
  void token_otherGrantTypes_are400UnsupportedGrantType() {
    for (String grant : List.of("client_credentials", "authorization_code", "urn:x")) {
      assertError(onesait.token(formPost(APP, form("grant_type", grant))), 400, "unsupported_grant_type",
          "grant_type '" + grant + "' is not supported here; use password or refresh_token");
    }
  }

  @Test
  void token_missingParameters_are400InvalidRequest() {
    assertError(onesait.token(formPost(APP, "")), 400, "invalid_request", "missing parameter 'grant_type'");
    assertError(onesait.token(formPost(APP, form("grant_type", "password", "password", "x"))), 400,
        "invalid_request", "missing parameter 'username'");
    assertError(onesait.token(formPost(APP, form("grant_type", "password", "username", "alice"))), 400,
        "invalid_request", "missing parameter 'password'");
    assertError(onesait.token(formPost(APP, form("grant_type", "refresh_token"))), 400,
        "invalid_request", "missing parameter 'refresh_token'");
  }

  @Test
  void token_malformedForms_are400InvalidRequest() {
    assertError(onesait.token(formPost(APP, "grant_type=password&grant_type=password&username=alice&password=x")),
        400, "invalid_request", "parameter 'grant_type' is included more than once");
    assertError(onesait.token(formPost(APP, "grant_type=password&username=%FF&password=x")), 400,
        "invalid_request", "the form body is malformed: a bad %-escape or bytes that are not UTF-8");
    assertError(onesait.token(formPost(APP, "grant_type=password&username=%zz&password=x")), 400,
        "invalid_request", "the form body is malformed: a bad %-escape or bytes that are not UTF-8");
    assertError(onesait.token(formPost(APP, form("grant_type", "password", "username", "a".repeat(5000),
        "password", "x"))), 400, "invalid_request", "parameter 'username' is longer than 4096 characters");
    byte[] raw = "grant_type=password&username=al\u00efce&password=x".getBytes(StandardCharsets.ISO_8859_1);
    assertError(onesait.token(DialectTestEngine.request("POST", raw, "Authorization", APP, "Content-Type", FORM)),
        400, "invalid_request", "the form body is malformed: a bad %-escape or bytes that are not UTF-8");
  }

  @Test
  void token_wrongContentType_is400InvalidRequest() {
    String body = form("grant_type", "password", "username", "alice", "password", "alice-pw");
    assertError(onesait.token(DialectTestEngine.request("POST", "{\"grant_type\":\"password\"}", "Authorization", APP,
        "Content-Type", "application/json")), 400, "invalid_request",
        "the body must be application/x-www-form-urlencoded, not 'application/json'");
    assertError(onesait.token(DialectTestEngine.request("POST", body, "Authorization", APP)), 400, "invalid_request",
        "the body must be application/x-www-form-urlencoded (Content-Type is missing)");
  }

  @Test
  void token_get_is405MethodNotAllowed() {
    WireResponse r = onesait.token(DialectTestEngine.request("GET", "", "Authorization", APP));
    assertEquals(405, r.status());
    assertEquals("POST", r.header("Allow"));
    assertEquals(json(new WireResponse(200, null, ("{\"error\":\"method_not_allowed\",\"error_description\":"
        + "\"Request method 'GET' is not supported; use POST\"}").getBytes(StandardCharsets.UTF_8))), json(r));
  }

  @Test
  void token_unknownOrUnnamedRealm_isRefused() {
    OnesaitDialect unknown = new OnesaitDialect(t.engine(), mount(Optional.of(RealmName.of("no-such-realm"))));
    WireResponse r = unknown.token(formPost(APP, form("grant_type", "password", "username", "alice",
        "password", "alice-pw")));
    assertEquals(401, r.status());
    assertEquals(json(new WireResponse(200, null, ("{\"error\":\"invalid_client\",\"error_description\":"
        + "\"realm 'no-such-realm' does not exist\"}").getBytes(StandardCharsets.UTF_8))), json(r));
    OnesaitDialect none = new OnesaitDialect(t.engine(), mount(Optional.empty()));
    WireResponse n = none.token(formPost(APP, form("grant_type", "password")));
    assertEquals(400, n.status());
    assertEquals(json(new WireResponse(200, null, ("{\"error\":\"invalid_request\",\"error_description\":"
        + "\"the onesait mount is bound to no realm\"}").getBytes(StandardCharsets.UTF_8))), json(n));
  }

  // ---- token: refresh

  @Test
  void token_refresh_rotatesTheRefreshToken() {
    JsonNode first = aliceTokens();
    WireResponse r = onesait.token(formPost(APP, form("grant_type", "refresh_token",
        "refresh_token", first.get("refresh_token").textValue())));
    assertTokens(r, "read write");
    assertNotEquals(first.get("refresh_token"), json(r).get("refresh_token"));
  }

  @Test
  void token_refreshTokenUsedTwice_is400InvalidGrant() {
    String refresh = aliceTokens().get("refresh_token").textValue();
    String body = form("grant_type", "refresh_token", "refresh_token", refresh);
    assertEquals(200, onesait.token(formPost(APP, body)).status());
    assertError(onesait.token(formPost(APP, body)), 400, "invalid_grant", "refresh token has already been used");
  }

  @Test
  void token_unknownOrOtherClientsRefreshToken_is400InvalidGrant() {
    assertError(onesait.token(formPost(APP, form("grant_type", "refresh_token", "refresh_token", "nope"))), 400,
        "invalid_grant", "refresh token is invalid");
    String refresh = aliceTokens().get("refresh_token").textValue();
    assertError(onesait.token(formPost(OTHER, form("grant_type", "refresh_token", "refresh_token", refresh))), 400,
        "invalid_grant", "refresh token was issued to another client");
  }

  // ---- check_token

  @Test
  void checkToken_validUserToken_isActiveWithUserNameAuthoritiesAndScopeArray() {
    String token = aliceTokens().get("access_token").textValue();
    AccessClaims claims = t.engine().validateAccessToken(realm, token).orElseThrow();
    for (WireResponse r : List.of(onesait.checkToken(tokenQuery("GET", APP, token)),
        onesait.checkToken(tokenQuery("POST", APP, token)),
        onesait.checkToken(formPost(APP, form("token", token))),
        onesait.checkToken(tokenQuery("GET", OTHER, token)))) {
      assertEquals(200, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
      assertEquals("no-store", r.header("Cache-Control"));
      JsonNode b = json(r);
      assertEquals(List.of("active", "exp", "client_id", "user_name", "authorities", "scope", "jti"), fieldNames(b));
      assertTrue(b.get("active").booleanValue());
      assertTrue(b.get("exp").isIntegralNumber());
      assertEquals(claims.expiresAt().getEpochSecond(), b.get("exp").longValue());
      assertEquals("app", b.get("client_id").textValue());
      assertEquals("alice", b.get("user_name").textValue());
      assertEquals(List.of("ROLE_ADMIN", "ROLE_USER"), strings(b.get("authorities")));
      assertEquals(List.of("read", "write"), strings(b.get("scope")));
      assertEquals(claims.jti(), b.get("jti").textValue());
    }
  }

  @Test
  void checkToken_clientCredentialsToken_hasNoUserName() {
    var client = TestCallers.confidential(t.engine(), realm, "machine", "machine-secret");
    var issued = (TokenOutcome.Issued) t.engine().token(new TokenCommand.ClientCredentials(realm, client, Optional.empty()), RequestContext.of("t"));
    JsonNode b = json(onesait.checkToken(tokenQuery("GET", APP, issued.tokens().accessToken())));
    assertEquals(List.of("active", "exp", "client_id", "authorities", "scope", "jti"), fieldNames(b));
    assertEquals("machine", b.get("client_id").textValue());
    assertEquals(List.of(), strings(b.get("authorities")));
    assertEquals(List.of("read"), strings(b.get("scope")));
  }

  @Test
  void checkToken_invalidRevokedOrRefreshToken_is400InvalidToken() {
    assertError(onesait.checkToken(tokenQuery("GET", APP, "garbage")), 400, "invalid_token",
        "the token is not valid: unknown, expired or revoked");
    JsonNode tokens = aliceTokens();
    assertError(onesait.checkToken(tokenQuery("GET", APP, tokens.get("refresh_token").textValue())), 400,
        "invalid_token", "the token is not valid: unknown, expired or revoked");
    t.engine().revoke(realm, TestCallers.confidential(t.engine(), realm, "app", "app-secret"),
        tokens.get("access_token").textValue(), RevocationScope.TOKEN, RequestContext.of(""));
    assertError(onesait.checkToken(tokenQuery("GET", APP, tokens.get("access_token").textValue())), 400,
        "invalid_token", "the token is not valid: unknown, expired or revoked");
  }

  @Test
  void checkToken_badParameters_are400InvalidRequest() {
    assertError(onesait.checkToken(withQuery("GET", APP, Map.of(), null)), 400, "invalid_request",
        "missing parameter 'token'");
    assertError(onesait.checkToken(withQuery("GET", APP, Map.of("token", List.of("a", "b")), null)), 400,
        "invalid_request", "parameter 'token' is included more than once");
    assertError(onesait.checkToken(withQuery("POST", APP, Map.of("token", List.of("a")), "token=b")), 400,
        "invalid_request", "parameter 'token' is included more than once");
    assertError(onesait.checkToken(tokenQuery("GET", APP, "x".repeat(5000))), 400, "invalid_request",
        "parameter 'token' is longer than 4096 characters");
    assertError(onesait.checkToken(DialectTestEngine.request("POST", "{\"token\":\"x\"}", "Authorization", APP,
        "Content-Type", "application/json")), 400, "invalid_request",
        "the body must be application/x-www-form-urlencoded, not 'application/json'");
  }

  @Test
  void checkToken_badClient_is401InvalidClient() {
    String token = aliceTokens().get("access_token").textValue();
    assertError(onesait.checkToken(tokenQuery("GET", basic("app", "wrong"), token)), 401, "invalid_client",
        "client authentication failed");
  }

  @Test
  void checkToken_put_is405() {
    WireResponse r = onesait.checkToken(DialectTestEngine.request("PUT", "", "Authorization", APP));
    assertEquals(405, r.status());
    assertEquals("GET, POST", r.header("Allow"));
    assertEquals("method_not_allowed", json(r).get("error").textValue());
  }

  // ---- revoke_token

  @Test
  void revokeToken_accessToken_revokesItAndItsSession() {
    JsonNode first = aliceTokens();
    JsonNode second = json(onesait.token(formPost(APP, form("grant_type", "refresh_token",
        "refresh_token", first.get("refresh_token").textValue()))));
    WireResponse r = onesait.revokeToken(tokenQuery("POST", APP, second.get("access_token").textValue()));
    assertEquals(200, r.status());
    assertEquals(json(new WireResponse(200, null, "{\"revoked\":true}".getBytes(StandardCharsets.UTF_8))), json(r));
    for (JsonNode tokens : List.of(first, second)) {
      assertError(onesait.checkToken(tokenQuery("GET", APP, tokens.get("access_token").textValue())), 400,
          "invalid_token", "the token is not valid: unknown, expired or revoked");
    }
    assertError(onesait.token(formPost(APP, form("grant_type", "refresh_token",
        "refresh_token", second.get("refresh_token").textValue()))), 400, "invalid_grant",
        "refresh token has been revoked");
  }

  @Test
  void revokeToken_inAFormBodyOrAsARefreshToken_revokes() {
    JsonNode tokens = aliceTokens();
    assertEquals("{\"revoked\":true}", new String(onesait.revokeToken(formPost(APP,
        form("token", tokens.get("refresh_token").textValue()))).body(), StandardCharsets.UTF_8));
    assertEquals(400, onesait.checkToken(tokenQuery("GET", APP, tokens.get("access_token").textValue())).status());
  }

  @Test
  void revokeToken_unknownOrAlreadyRevokedToken_is200RevokedFalse() {
    WireResponse r = onesait.revokeToken(tokenQuery("POST", APP, "garbage"));
    assertEquals(200, r.status());
    assertEquals("{\"revoked\":false}", new String(r.body(), StandardCharsets.UTF_8));
    String token = aliceTokens().get("access_token").textValue();
    assertEquals("{\"revoked\":true}", new String(onesait.revokeToken(tokenQuery("POST", APP, token)).body(),
        StandardCharsets.UTF_8));
    assertEquals("{\"revoked\":false}", new String(onesait.revokeToken(tokenQuery("POST", APP, token)).body(),
        StandardCharsets.UTF_8));
  }

  @Test
  void revokeToken_anotherClientsToken_is400UnauthorizedClientAndLeavesItValid() {
    String token = aliceTokens().get("access_token").textValue();
    assertError(onesait.revokeToken(tokenQuery("POST", OTHER, token)), 400, "unauthorized_client",
        "the token was issued to another client");
    assertEquals(200, onesait.checkToken(tokenQuery("GET", APP, token)).status());
  }

  @Test
  void revokeToken_badClientOrParameters_areRefused() {
    assertError(onesait.revokeToken(tokenQuery("POST", basic("app", "wrong"), "x")), 401, "invalid_client",
        "client authentication failed");
    assertError(onesait.revokeToken(withQuery("POST", APP, Map.of(), null)), 400, "invalid_request",
        "missing parameter 'token'");
    assertError(onesait.revokeToken(withQuery("POST", APP, Map.of(), "token=%FF")), 400, "invalid_request",
        "the form body is malformed: a bad %-escape or bytes that are not UTF-8");
  }

  @Test
  void revokeToken_get_is405() {
    WireResponse r = onesait.revokeToken(tokenQuery("GET", APP, "x"));
    assertEquals(405, r.status());
    assertEquals("POST", r.header("Allow"));
  }

  @Test
  void routes_areTheSeedsPaths() {
    List<String> paths = new ArrayList<>();
    onesait.routes().forEach(route -> paths.add(route.path()));
    assertEquals(List.of("/oauth/token", "/oauth/check_token", "/openplatform-oauth/revoke_token"), paths);
    assertEquals("onesait", onesait.name());
  }
}
