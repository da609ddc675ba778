package io.jeton.dialect.c1;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** C1 (SPEC 3.1) against a real engine on H2, without a socket: whole bodies, every error. */
class C1DialectTest {
  static final String APP = basic("app", "app-secret");
  static final String OTHER = basic("other", "other-secret");
  static final String BAD_SECRET = basic("app", "wrong");
  static final String NOT_AUTHORIZED = "{\"code\":401,\"message\":\"Not authorized\"}";
  static final String INVALID_REQUEST = "{\"code\":400,\"message\":\"Invalid request\"}";

  static DialectTestEngine t;
  static Realm realm;
  static C1Dialect c1;

  @BeforeAll
  static void start() {
    t = DialectTestEngine.start();
    realm = t.importRealm(realmImport(TestRealms.realm().issuerName("c1portal").grace(Duration.ZERO).build()));
    c1 = new C1Dialect(t.engine(), mount(Optional.of(realm.name()), Optional.empty()));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static RealmImport realmImport(Realm r) {
    Set<String> user = Set.of("password", "refresh_token", "client_credentials");
    return new RealmImport(r,
        List.of(
            new ClientImport("app", Optional.of("app-secret"), user, Set.of("read", "tenant=42"), Optional.empty()),
            new ClientImport("other", Optional.of("other-secret"), user, Set.of(), Optional.empty()),
            new ClientImport("machine", Optional.of("machine-secret"), Set.of("client_credentials"), Set.of("read"),
                Optional.empty()),
            new ClientImport("certified", Optional.of("certified-secret"), user, Set.of(),
                Optional.of("CN=certified,O=Example"))),
        List.of(
            new UserImport("alice", Optional.of("alice-pw"), true, List.of("ADMIN", "USER"),
                Map.of("customerId", "cust-7")),
            new UserImport("bob", Optional.of("bob-pw"), true, List.of(), Map.of()),
            new UserImport("carol", Optional.of("carol-pw"), false, List.of(), Map.of())));
  }

  static DialectMount mount(Optional<RealmName> bound, Optional<String> tenantHeader) {
    return new DialectMount("c1", true, "", bound, tenantHeader, Optional.empty());
  }

  static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static WireRequest post(String body, String... headers) {
    return DialectTestEngine.request("POST", body, headers);
  }

  static WireRequest jsonPost(String authorization, String body) {
    return post(body, "Authorization", authorization, "Content-Type", "application/json");
  }

  static WireRequest validateRequest(String authorization, List<String> tokens) {
    return new WireRequest("GET", Map.of(), WireHeaders.single("Authorization", authorization),
        tokens == null ? Map.of() : Map.of("accessToken", tokens), new byte[0], RequestContext.of("test-corr"));
  }

  static WireResponse login(String username, String password) {
    return c1.login(jsonPost(APP, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
  }

  static JsonNode aliceTokens() {
    WireResponse r = login("alice", "alice-pw");
    assertEquals(200, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return json(r);
  }

  static void assertError(WireResponse r, int status, String body) {
    assertEquals(status, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
    assertEquals(json(new WireResponse(200, null, body.getBytes(StandardCharsets.UTF_8))), json(r));
    assertEquals("application/json", r.header("Content-Type"));
    assertEquals("no-store", r.header("Cache-Control"));
    if (status == 401) {
      assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="));
    } else {
      assertNull(r.header("WWW-Authenticate"));
    }
  }

  static void assertTokens(WireResponse r) {
    assertEquals(200, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("no-store", r.header("Cache-Control"));
    JsonNode b = json(r);
    assertEquals(List.of("tokenType", "accessToken", "refreshToken", "accessTokenExpiresAt", "refreshTokenExpiresAt"),
        fieldNames(b));
    assertEquals("bearer", b.get("tokenType").textValue());
    assertTrue(b.get("accessToken").isTextual() && b.get("refreshToken").isTextual());
    assertTrue(b.get("accessTokenExpiresAt").isIntegralNumber() && b.get("refreshTokenExpiresAt").isIntegralNumber());
    long now = Instant.now().getEpochSecond();
    assertTrue(Math.abs(b.get("accessTokenExpiresAt").longValue() - (now + 3600)) <= 5, "1 hour by default");
    assertTrue(Math.abs(b.get("refreshTokenExpiresAt").longValue() - (now + 604800)) <= 5, "1 week by default");
  }

  // ---- login

  @Test
  void login_validCredentials_returnsCamelCaseTokensWithUnixSeconds() {
    assertTokens(login("alice", "alice-pw"));
  }

  @Test
  void login_realmLifetimes_winOverTheSeedsOneHourAndOneWeek() {
    Realm shortLived = t.importRealm(realmImport(TestRealms.realm().accessTtl(Duration.ofSeconds(120))
        .refreshTtl(Duration.ofSeconds(900)).build()));
    C1Dialect bound = new C1Dialect(t.engine(), mount(Optional.of(shortLived.name()), Optional.empty()));
    JsonNode b = json(bound.login(jsonPost(APP, "{\"username\":\"alice\",\"password\":\"alice-pw\"}")));
    long now = Instant.now().getEpochSecond();
    assertTrue(Math.abs(b.get("accessTokenExpiresAt").longValue() - (now + 120)) <= 5);
    assertTrue(Math.abs(b.get("refreshTokenExpiresAt").longValue() - (now + 900)) <= 5);
  }

  @Test
  void login_wrongPassword_is401() {
    assertError(login("alice", "nope"), 401, NOT_AUTHORIZED);
  }

  @Test
  void login_unknownUser_is401() {
    assertError(login("mallory", "x"), 401, NOT_AUTHORIZED);
  }

  @Test
  void login_disabledUser_is401() {
    assertError(login("carol", "carol-pw"), 401, NOT_AUTHORIZED);
  }

  @Test
  void login_badClientSecret_is401() {
    assertError(c1.login(jsonPost(BAD_SECRET, "{\"username\":\"alice\",\"password\":\"alice-pw\"}")), 401,
        NOT_AUTHORIZED);
  }

  @Test
  void login_unknownClient_is401() {
    assertError(c1.login(jsonPost(basic("ghost", "x"), "{\"username\":\"alice\",\"password\":\"alice-pw\"}")), 401,
        NOT_AUTHORIZED);
  }

  @Test
  void login_badAuthorizationHeaders_are401() {
    String body = "{\"username\":\"alice\",\"password\":\"alice-pw\"}";
    for (String auth : List.of("Bearer abc", "Basic !!!notbase64", "Basic " + Base64.getEncoder()
        .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)), "Basic " + "A".repeat(5000))) {
      assertError(c1.login(jsonPost(auth, body)), 401, NOT_AUTHORIZED);
    }
    assertError(c1.login(post(body, "Content-Type", "application/json")), 401, NOT_AUTHORIZED);
  }

  @Test
  void login_twoAuthorizationHeaders_is400() {
    WireRequest in = new WireRequest("POST", Map.of(), WireHeaders.of(Map.of("Authorization", List.of(APP, OTHER),
        "Content-Type", List.of("application/json"))), Map.of(),
        "{\"username\":\"alice\",\"password\":\"alice-pw\"}".getBytes(StandardCharsets.UTF_8), RequestContext.of(""));
    assertError(c1.login(in), 400, INVALID_REQUEST);
  }

  @Test
  void login_clientWithoutPasswordGrant_is401() {
    assertError(c1.login(jsonPost(basic("machine", "machine-secret"),
        "{\"username\":\"alice\",\"password\":\"alice-pw\"}")), 401, NOT_AUTHORIZED);
  }

  @Test
  void login_clientRequiringACertificate_is401WithoutTls() {
    assertError(c1.login(jsonPost(basic("certified", "certified-secret"),
        "{\"username\":\"alice\",\"password\":\"alice-pw\"}")), 401, NOT_AUTHORIZED);
  }

  @Test
  void login_badBodies_are400() {
    List<String> bodies = List.of("", "{", "not json", "[]", "[{\"username\":\"alice\"}]", "\"alice\"", "42", "null",
        "{\"username\":5,\"password\":\"alice-pw\"}", "{\"username\":\"alice\",\"password\":true}",
        "{\"username\":\"alice\",\"password\":{\"a\":1}}", "{\"username\":\"alice\"}", "{\"password\":\"x\"}",
        "{\"username\":null,\"password\":\"alice-pw\"}", "{\"username\":\"\",\"password\":\"alice-pw\"}",
        "{\"username\":\"alice\",\"username\":\"bob\",\"password\":\"alice-pw\"}",
        "{\"username\":\"alice\",\"password\":\"alice-pw\"} trailing",
        "{\"username\":\"" + "a".repeat(5000) + "\",\"password\":\"alice-pw\"}",
        "[".repeat(100) + "]".repeat(100));
    for (String body : bodies) {
      assertError(c1.login(jsonPost(APP, body)), 400, INVALID_REQUEST);
    }
  }

  @Test
  void login_nonUtf8Body_is400() {
    byte[] latin1 = "{\"username\":\"alïce\",\"password\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertError(c1.login(DialectTestEngine.request("POST", latin1, "Authorization", APP,
        "Content-Type", "application/json")), 400, INVALID_REQUEST);
  }

  @Test
  void login_wrongContentType_is400() {
    String body = "{\"username\":\"alice\",\"password\":\"alice-pw\"}";
    assertError(c1.login(post(body, "Authorization", APP)), 400, INVALID_REQUEST);
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1")) {
      assertError(c1.login(post(body, "Authorization", APP, "Content-Type", type)), 400, INVALID_REQUEST);
    }
    assertTokens(c1.login(post(body, "Authorization", APP, "Content-Type", "application/json; charset=UTF-8")));
  }

  @Test
  void login_get_is405WithAllow() {
    WireResponse r = c1.login(DialectTestEngine.request("GET", "", "Authorization", APP));
    assertEquals(405, r.status());
    assertEquals("POST", r.header("Allow"));
    assertEquals(json(new WireResponse(200, null, "{\"code\":405,\"message\":\"Method not allowed\"}"
        .getBytes(StandardCharsets.UTF_8))), json(r));
  }

  @Test
  void login_mountWithUnknownRealm_is401() {
    C1Dialect unknown = new C1Dialect(t.engine(), mount(Optional.of(RealmName.of("no-such-realm")), Optional.empty()));
    assertError(unknown.login(jsonPost(APP, "{\"username\":\"alice\",\"password\":\"alice-pw\"}")), 401,
        NOT_AUTHORIZED);
  }

  @Test
  void login_mountNamingNoRealm_is400() {
    C1Dialect none = new C1Dialect(t.engine(), mount(Optional.empty(), Optional.empty()));
    assertError(none.login(jsonPost(APP, "{\"username\":\"alice\",\"password\":\"alice-pw\"}")), 400,
        INVALID_REQUEST);
  }

  @Test
  void login_tenantHeader_choosesTheRealm() {
    C1Dialect byHeader = new C1Dialect(t.engine(), mount(Optional.empty(), Optional.of("x-tenant")));
    String body = "{\"username\":\"alice\",\"password\":\"alice-pw\"}";
    assertTokens(byHeader.login(post(body, "Authorization", APP, "Content-Type", "application/json",
        "x-tenant", realm.name().value())));
    assertError(byHeader.login(jsonPost(APP, body)), 400, INVALID_REQUEST);
    assertError(byHeader.login(post(body, "Authorization", APP, "Content-Type", "application/json",
        "x-tenant", "no-such-realm")), 401, NOT_AUTHORIZED);
  }

  // ---- renew

  @Test
  void renew_validRefreshToken_rotatesIt() {
    JsonNode first = aliceTokens();
    WireResponse r = c1.renew(jsonPost(APP, "{\"refreshToken\":\"" + first.get("refreshToken").textValue() + "\"}"));
    assertTokens(r);
    assertNotEquals(first.get("refreshToken"), json(r).get("refreshToken"));
  }

  @Test
  void renew_usedRefreshToken_is401AndRevokesTheSession() {
    JsonNode first = aliceTokens();
    String renewBody = "{\"refreshToken\":\"" + first.get("refreshToken").textValue() + "\"}";
    JsonNode second = json(c1.renew(jsonPost(APP, renewBody)));
    assertError(c1.renew(jsonPost(APP, renewBody)), 401, NOT_AUTHORIZED);
    assertError(c1.renew(jsonPost(APP, "{\"refreshToken\":\"" + second.get("refreshToken").textValue() + "\"}")),
        401, NOT_AUTHORIZED);
  }

  @Test
  void renew_unknownOrOtherClientsToken_is401() {
    assertError(c1.renew(jsonPost(APP, "{\"refreshToken\":\"not-a-token\"}")), 401, NOT_AUTHORIZED);
    JsonNode tokens = aliceTokens();
    assertError(c1.renew(jsonPost(OTHER, "{\"refreshToken\":\"" + tokens.get("refreshToken").textValue() + "\"}")),
        401, NOT_AUTHORIZED);
  }

  @Test
  void renew_badClient_is401() {
    JsonNode tokens = aliceTokens();
    assertError(c1.renew(jsonPost(BAD_SECRET, "{\"refreshToken\":\"" + tokens.get("refreshToken").textValue()
        + "\"}")), 401, NOT_AUTHORIZED);
  }

  @Test
  void renew_badBodies_are400() {
    for (String body : List.of("", "{}", "{\"refreshToken\":123}", "{\"refreshToken\":null}", "{\"refreshToken\":[]}",
        "[\"x\"]", "\"x\"", "{\"refresh_token\":\"x\"}", "{\"refreshToken\":\"" + "x".repeat(4097) + "\"}")) {
      assertError(c1.renew(jsonPost(APP, body)), 400, INVALID_REQUEST);
    }
  }

  @Test
  void renew_get_is405() {
    WireResponse r = c1.renew(DialectTestEngine.request("GET", "", "Authorization", APP));
    assertEquals(405, r.status());
    assertEquals("POST", r.header("Allow"));
  }

  // ---- validate

  @Test
  void validate_userToken_returnsTheWholeDocument() {
    String token = aliceTokens().get("accessToken").textValue();
    AccessClaims claims = t.engine().validateAccessToken(realm, token).orElseThrow();
    WireResponse r = c1.validate(validateRequest(APP, List.of(token)));
    assertEquals(200, r.status());
    assertEquals("no-store", r.header("Cache-Control"));
    JsonNode b = json(r);
    assertEquals(List.of("id", "issuer", "requestedBy", "customerId", "expiresAt", "issuedAt", "tokenType", "scope"),
        fieldNames(b));
    assertEquals(claims.jti(), b.get("id").textValue());
    assertEquals("c1portal", b.get("issuer").textValue());
    assertEquals("app", b.get("requestedBy").textValue());
    assertEquals("cust-7", b.get("customerId").textValue());
    assertTrue(b.get("expiresAt").isIntegralNumber() && b.get("issuedAt").isIntegralNumber());
    assertEquals(claims.expiresAt().getEpochSecond(), b.get("expiresAt").longValue());
    assertEquals(claims.issuedAt().getEpochSecond(), b.get("issuedAt").longValue());
    assertEquals("bearer", b.get("tokenType").textValue());
    assertEquals(json(new WireResponse(200, null,
        "{\"read\":true,\"tenant\":\"42\"}".getBytes(StandardCharsets.UTF_8))),
        b.get("scope"));
  }

  @Test
  void validate_userWithoutCustomerId_showsTheRealmName() {
    JsonNode tokens = json(login("bob", "bob-pw"));
    JsonNode b = json(c1.validate(validateRequest(APP, List.of(tokens.get("accessToken").textValue()))));
    assertEquals(realm.name().value(), b.get("customerId").textValue());
  }

  @Test
  void validate_clientCredentialsToken_showsTheClientAndTheRealmName() {
    var client = TestCallers.confidential(t.engine(), realm, "machine", "machine-secret");
    var issued = (TokenOutcome.Issued) t.engine().token(new TokenCommand.ClientCredentials(realm, client, Optional.empty()), RequestContext.of("t"));
    JsonNode b = json(c1.validate(validateRequest(APP, List.of(issued.tokens().accessToken()))));
    assertEquals("machine", b.get("requestedBy").textValue());
    assertEquals(realm.name().value(), b.get("customerId").textValue());
    assertEquals(json(new WireResponse(200, null, "{\"read\":true}".getBytes(StandardCharsets.UTF_8))), b.get("scope"));
  }

  @Test
  void validate_anotherClientsToken_isValidWithItsRequestedBy() {
    String token = aliceTokens().get("accessToken").textValue();
    WireResponse r = c1.validate(validateRequest(OTHER, List.of(token)));
    assertEquals(200, r.status());
    assertEquals("app", json(r).get("requestedBy").textValue());
  }

  @Test
  void validate_invalidOrRevokedToken_is401() {
    assertError(c1.validate(validateRequest(APP, List.of("garbage"))), 401, NOT_AUTHORIZED);
    assertError(c1.validate(validateRequest(APP, List.of("a.b.c"))), 401, NOT_AUTHORIZED);
    String token = aliceTokens().get("accessToken").textValue();
    t.engine().revoke(realm, TestCallers.confidential(t.engine(), realm, "app", "app-secret"), token,
        RevocationScope.TOKEN, RequestContext.of(""));
    assertError(c1.validate(validateRequest(APP, List.of(token))), 401, NOT_AUTHORIZED);
  }

  @Test
  void validate_expiredToken_is401() throws InterruptedException {
    Realm brief = t.importRealm(realmImport(TestRealms.realm().accessTtl(Duration.ofSeconds(1)).build()));
    C1Dialect bound = new C1Dialect(t.engine(), mount(Optional.of(brief.name()), Optional.empty()));
    // exp is whole seconds (iat truncated + 1 s): log in early in a second so the token lives ~1 s
    while (System.currentTimeMillis() % 1000 > 100) {
      Thread.sleep(5);
    }
    String token = json(bound.login(jsonPost(APP, "{\"username\":\"alice\",\"password\":\"alice-pw\"}")))
        .get("accessToken").textValue();
    assertEquals(200, bound.validate(validateRequest(APP, List.of(token))).status());
    Thread.sleep(2100);
    assertError(bound.validate(validateRequest(APP, List.of(token))), 401, NOT_AUTHORIZED);
  }

  @Test
  void validate_tokenOfAnotherRealm_is401() {
    Realm elsewhere = t.importRealm(realmImport(TestRealms.unique()));
    C1Dialect bound = new C1Dialect(t.engine(), mount(Optional.of(elsewhere.name()), Optional.empty()));
    String token = json(bound.login(jsonPost(APP, "{\"username\":\"alice\",\"password\":\"alice-pw\"}")))
        .get("accessToken").textValue();
    assertError(c1.validate(validateRequest(APP, List.of(token))), 401, NOT_AUTHORIZED);
  }

  @Test
  void validate_badClient_is401() {
    String token = aliceTokens().get("accessToken").textValue();
    assertError(c1.validate(validateRequest(BAD_SECRET, List.of(token))), 401, NOT_AUTHORIZED);
    assertError(c1.validate(validateRequest(basic("certified", "certified-secret"), List.of(token))), 401,
        NOT_AUTHORIZED);
  }

  @Test
  void validate_missingRepeatedOrHugeParameter_is400() {
    assertError(c1.validate(validateRequest(APP, null)), 400, INVALID_REQUEST);
    assertError(c1.validate(validateRequest(APP, List.of(""))), 400, INVALID_REQUEST);
    assertError(c1.validate(validateRequest(APP, List.of("a", "b"))), 400, INVALID_REQUEST);
    assertError(c1.validate(validateRequest(APP, List.of("x".repeat(5000)))), 400, INVALID_REQUEST);
  }

  @Test
  void validate_post_is405WithAllow() {
    WireResponse r = c1.validate(jsonPost(APP, "{}"));
    assertEquals(405, r.status());
    assertEquals("GET", r.header("Allow"));
  }

  @Test
  void routes_areTheSeedsPaths() {
    List<String> paths = new ArrayList<>();
    c1.routes().forEach(route -> paths.add(route.path()));
    assertEquals(List.of("/auth/login", "/auth/renew", "/auth/validate"), paths);
    assertEquals("c1", c1.name());
  }
}
