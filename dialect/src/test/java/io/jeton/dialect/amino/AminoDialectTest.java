package io.jeton.dialect.amino;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.revoke.RevocationScope;
import io.jeton.testkit.TestCallers;
import static io.jeton.dialect.DialectTestEngine.JSON;
import static io.jeton.dialect.DialectTestEngine.fieldNames;
import static io.jeton.dialect.DialectTestEngine.json;
import static io.jeton.dialect.DialectTestEngine.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.Session;
import io.jeton.core.user.User;
import io.jeton.dialect.DialectTestEngine;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.testkit.TestRealms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Amino (SPEC 3.4) against a real engine on H2, without a socket. */
class AminoDialectTest {
  static final String CLIENT = "amino-client";
  static final List<String> ATTRIBUTES = List.of("login_timestamp", "user_id", "user_profile_id", "access_token",
      "expires_at_timestamp", "refresh_token");
  static final String JSON_TYPE = "application/json";
  static final String FORM_TYPE = "application/x-www-form-urlencoded";

  static DialectTestEngine t;
  static Engine engine;
  static Realm realm;
  static AminoDialect amino;

  @BeforeAll
  static void start() {
    t = DialectTestEngine.start();
    engine = t.engine();
    realm = t.importRealm(new RealmImport(TestRealms.realm().grace(Duration.ZERO).build(),
        List.of(new ClientImport(CLIENT, Optional.of("amino-secret"), Set.of("password", "refresh_token"), Set.of(),
                Optional.empty()),
            new ClientImport("other", Optional.of("other-secret"), Set.of("password", "refresh_token",
                "client_credentials"), Set.of(),
                Optional.empty()),
            new ClientImport("no-password", Optional.of("np-secret"), Set.of("refresh_token"), Set.of(),
                Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(),
                Map.of("userId", "1234", "userProfileId", "84eb61a9-75d4-42c7-8c15-84c3d7776227")),
            new UserImport("bob", Optional.of("bob-pass"), true, List.of(), Map.of("userId", "b-77")),
            new UserImport("carol", Optional.of("carol-pass"), true, List.of(), Map.of()),
            new UserImport("dave", Optional.of("dave-pass"), false, List.of(), Map.of()))));
    amino = new AminoDialect(engine, mount(Optional.of(realm.name().value()), Optional.empty(), Optional.of(CLIENT)));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static DialectMount mount(Optional<String> realmName, Optional<String> tenantHeader, Optional<String> client) {
    return new DialectMount("amino", true, "/amino", realmName.map(RealmName::of), tenantHeader,
        client.map(ClientId::of));
  }

  static WireRequest json(String body) {
    return request("POST", body, "Content-Type", JSON_TYPE);
  }

  static WireRequest form(String body) {
    return request("POST", body, "Content-Type", FORM_TYPE);
  }

  static JsonNode ok(WireResponse r) {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/vnd.api+json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    return DialectTestEngine.json(r);
  }

  /** The one resource of an AuthenticationTokens document, after checking the document's shape. */
  static JsonNode resource(JsonNode doc) {
    assertThat(fieldNames(doc)).isEqualTo(List.of("data"));
    assertThat(doc.get("data").isArray()).isTrue();
    assertThat(doc.get("data").size()).isEqualTo(1);
    JsonNode res = doc.get("data").get(0);
    assertThat(fieldNames(res)).isEqualTo(List.of("type", "id", "attributes"));
    assertThat(res.get("type").textValue()).isEqualTo("AuthenticationTokens");
    assertThat(fieldNames(res.get("attributes"))).isEqualTo(ATTRIBUTES);
    return res;
  }

  static void assertError(WireResponse r, int status, String code, String title, String detail) {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/vnd.api+json");
    ObjectNode error = JSON.createObjectNode().put("status", Integer.toString(status)).put("code", code)
        .put("title", title).put("detail", detail);
    ObjectNode doc = JSON.createObjectNode();
    doc.putArray("errors").add(error);
    assertThat(DialectTestEngine.json(r)).isEqualTo(doc);
  }

  static JsonNode loginAlice() {
    return resource(ok(amino.login(json("{\"username\":\"alice\",\"password\":\"alice-pass\"}"))));
  }

  // --- login

  @Test
  void login_json_returnsTheWholeAuthenticationTokensDocument() {
    long before = engine.clock().instant().getEpochSecond();
    JsonNode res = loginAlice();
    JsonNode a = res.get("attributes");
    String access = a.get("access_token").textValue();
    var claims = engine.validateAccessToken(realm, access).orElseThrow();
    assertThat(res.get("id").textValue()).isEqualTo(claims.sessionId().orElseThrow().value());
    Session session = engine.session(realm, claims.sessionId().get()).orElseThrow();
    assertThat(session.clientId().value()).isEqualTo(CLIENT);
    assertThat(a.get("login_timestamp").isIntegralNumber()).isTrue();
    assertThat(a.get("login_timestamp").longValue()).isEqualTo(session.createdAt().getEpochSecond())
        .isBetween(before, before + 5);
    assertThat(a.get("user_id").isIntegralNumber()).isTrue();
    assertThat(a.get("user_id").longValue()).isEqualTo(1234);
    assertThat(a.get("user_profile_id").textValue()).isEqualTo("84eb61a9-75d4-42c7-8c15-84c3d7776227");
    assertThat(a.get("expires_at_timestamp").longValue()).isEqualTo(claims.expiresAt().getEpochSecond())
        .isEqualTo(claims.issuedAt().getEpochSecond() + 3600);
    assertThat(a.get("refresh_token").textValue()).isNotBlank();
  }

  @Test
  void login_form_isAcceptedLikeJson() {
    JsonNode res = resource(ok(amino.login(form("username=alice&password=alice-pass"))));
    assertThat(res.get("attributes").get("user_id").longValue()).isEqualTo(1234);
    JsonNode api = resource(ok(amino.login(request("POST", "{\"username\":\"alice\",\"password\":\"alice-pass\"}",
        "Content-Type", "application/vnd.api+json"))));
    assertThat(api.get("id").textValue()).isNotEqualTo(res.get("id").textValue());
  }

  @Test
  void login_nonNumericOrMissingUserId_isJetonsUserIdString_andProfileNull() {
    for (String name : List.of("bob", "carol")) {
      JsonNode a = resource(ok(amino.login(json("{\"username\":\"" + name + "\",\"password\":\"" + name + "-pass\"}"))))
          .get("attributes");
      User u = t.stores().users().findByUsername(realm.name(), name).orElseThrow();
      assertThat(a.get("user_id").isTextual()).isTrue();
      assertThat(a.get("user_id").textValue()).isEqualTo(u.id().value());
      assertThat(a.get("user_profile_id").isNull()).isTrue();
    }
  }

  @Test
  void login_wrongPassword_is401InvalidCredentials() {
    assertError(amino.login(json("{\"username\":\"alice\",\"password\":\"nope\"}")), 401, "invalid_credentials",
        "Invalid credentials", "invalid username or password");
    assertError(amino.login(json("{\"username\":\"ghost\",\"password\":\"nope\"}")), 401, "invalid_credentials",
        "Invalid credentials", "invalid username or password");
  }

  @Test
  void login_disabledUser_is403UserDisabled() {
    assertError(amino.login(json("{\"username\":\"dave\",\"password\":\"dave-pass\"}")), 403, "user_disabled",
        "User disabled", "user account is disabled");
  }

  @Test
  void login_missingFields_is400InvalidRequest() {
    assertError(amino.login(json("{\"password\":\"x\"}")), 400, "invalid_request", "Invalid request",
        "missing parameter 'username'");
    assertError(amino.login(json("{\"username\":\"alice\",\"password\":\"\"}")), 400, "invalid_request",
        "Invalid request", "missing parameter 'password'");
    assertError(amino.login(form("username=alice")), 400, "invalid_request", "Invalid request",
        "missing parameter 'password'");
  }

  @Test
  void login_badBodies_are400InvalidRequestNever5xx() {
    Map<WireRequest, String> cases = new LinkedHashMap<>();
    cases.put(json(""), "the request body is empty; a JSON object is required");
    cases.put(json("{\"username\":"), "the request body is not valid JSON");
    cases.put(json("[\"alice\"]"), "the request body must be a JSON object");
    cases.put(json("{\"username\":\"a\",\"username\":\"b\",\"password\":\"p\"}"),
        "the request body is not valid JSON (a member is repeated)");
    cases.put(json("{\"username\":42,\"password\":\"p\"}"), "'username' must be a string");
    cases.put(json("{\"username\":\"alice\",\"password\":[\"p\"]}"), "'password' must be a string");
    cases.put(json("{\"username\":\"" + "u".repeat(4097) + "\",\"password\":\"p\"}"),
        "'username' is longer than 4096 characters");
    cases.put(request("POST", new byte[] {'{', '"', (byte) 0xFF, '"', '}'}, "Content-Type", JSON_TYPE),
        "the request body is not valid UTF-8");
    cases.put(form("username=alice&password=%ZZ"), "the form body is malformed: a bad %-escape or bytes that are not UTF-8");
    cases.put(form("username=a&username=b&password=p"), "parameter 'username' is included more than once");
    cases.put(form("username=" + "u".repeat(4097) + "&password=p"), "'username' is longer than 4096 characters");
    for (var c : cases.entrySet()) {
      assertError(amino.login(c.getKey()), 400, "invalid_request", "Invalid request", c.getValue());
    }
  }

  @Test
  void login_wrongContentType_is415() {
    assertError(amino.login(request("POST", "username=alice", "Content-Type", "text/plain")), 415,
        "unsupported_media_type", "Unsupported media type",
        "the body must be application/json or application/x-www-form-urlencoded, not 'text/plain'");
    assertError(amino.login(request("POST", "{}")), 415, "unsupported_media_type", "Unsupported media type",
        "the body must be application/json or application/x-www-form-urlencoded (Content-Type is missing)");
    assertError(amino.login(request("POST", "{}", "Content-Type", "application/json; charset=utf-16")), 415,
        "unsupported_media_type", "Unsupported media type", "charset 'utf-16' is not supported; use UTF-8");
  }

  @Test
  void login_get_is405WithAllow() {
    WireResponse r = amino.login(request("GET", ""));
    assertError(r, 405, "method_not_allowed", "Method not allowed", "method GET is not allowed here; use POST");
    assertThat(r.header("Allow")).isEqualTo("POST");
  }

  @Test
  void login_clientWithoutPasswordGrant_is403AccessDenied() {
    AminoDialect d = new AminoDialect(engine, mount(Optional.of(realm.name().value()), Optional.empty(),
        Optional.of("no-password")));
    assertError(d.login(json("{\"username\":\"alice\",\"password\":\"alice-pass\"}")), 403, "access_denied",
        "Access denied", "client 'no-password' may not use grant_type 'password'");
  }

  @Test
  void mount_withoutRealmClientOrTenant_isRefusedInAminoShape() {
    String body = "{\"username\":\"alice\",\"password\":\"alice-pass\"}";
    assertError(new AminoDialect(engine, mount(Optional.empty(), Optional.empty(), Optional.of(CLIENT)))
        .login(json(body)), 401, "unknown_tenant", "Unknown tenant", "the Amino dialect is bound to no realm");
    assertError(new AminoDialect(engine, mount(Optional.of("nowhere"), Optional.empty(), Optional.of(CLIENT)))
        .login(json(body)), 401, "unknown_tenant", "Unknown tenant", "tenant 'nowhere' does not exist");
    assertError(new AminoDialect(engine, mount(Optional.of(realm.name().value()), Optional.empty(), Optional.empty()))
        .login(json(body)), 403, "client_not_configured", "Client not configured",
        "no client is configured for the amino dialect in realm '" + realm.name()
            + "' (dialects.amino.client or realms[].dialects.amino.client)");
    assertError(new AminoDialect(engine, mount(Optional.of(realm.name().value()), Optional.empty(),
        Optional.of("ghost"))).login(json(body)), 403, "client_not_configured", "Client not configured",
        "client 'ghost' of the amino dialect does not exist in realm '" + realm.name() + "'");
    AminoDialect byHeader = new AminoDialect(engine, mount(Optional.empty(), Optional.of("x-tenant"),
        Optional.of(CLIENT)));
    assertError(byHeader.login(json(body)), 400, "missing_tenant", "Missing tenant", "header 'x-tenant' is required");
    assertError(byHeader.login(request("POST", body, "Content-Type", JSON_TYPE, "x-tenant", "elsewhere")), 401,
        "unknown_tenant", "Unknown tenant", "tenant 'elsewhere' does not exist");
    // A realm reached through the tenant header that names no Amino client of its own is unknown to Amino.
    assertError(byHeader.login(request("POST", body, "Content-Type", JSON_TYPE, "x-tenant", realm.name().value())),
        401, "unknown_tenant", "Unknown tenant", "tenant '" + realm.name() + "' does not exist");
  }

  // --- token

  @Test
  void token_refreshForm_rotatesAndReturnsTheSameDocumentForTheSameSession() {
    JsonNode first = loginAlice();
    JsonNode second = resource(ok(amino.token(form("grant_type=refresh_token&refresh_token="
        + first.get("attributes").get("refresh_token").textValue()))));
    assertThat(second.get("id").textValue()).isEqualTo(first.get("id").textValue());
    JsonNode a = second.get("attributes");
    assertThat(a.get("login_timestamp").longValue()).isEqualTo(first.get("attributes").get("login_timestamp").longValue());
    assertThat(a.get("user_id").longValue()).isEqualTo(1234);
    assertThat(a.get("refresh_token").textValue()).isNotEqualTo(first.get("attributes").get("refresh_token").textValue());
    assertThat(engine.validateAccessToken(realm, a.get("access_token").textValue())).isPresent();
    JsonNode third = resource(ok(amino.token(json("{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
        + a.get("refresh_token").textValue() + "\"}"))));
    assertThat(third.get("id").textValue()).isEqualTo(first.get("id").textValue());
  }

  @Test
  void token_otherGrantTypes_are400UnsupportedGrantType() {
    for (String grant : List.of("password", "client_credentials", "authorization_code", "REFRESH_TOKEN")) {
      assertError(amino.token(form("grant_type=" + grant + "&refresh_token=x")), 400, "unsupported_grant_type",
          "Unsupported grant type", "grant_type '" + grant + "' is not supported; use refresh_token");
    }
  }

  @Test
  void token_missingGrantTypeOrToken_is400InvalidRequest() {
    assertError(amino.token(form("refresh_token=x")), 400, "invalid_request", "Invalid request",
        "missing parameter 'grant_type'");
    assertError(amino.token(json("{\"grant_type\":\"refresh_token\"}")), 400, "invalid_request", "Invalid request",
        "missing parameter 'refresh_token'");
    assertError(amino.token(json("{\"grant_type\":\"refresh_token\",\"refresh_token\":7}")), 400, "invalid_request",
        "Invalid request", "'refresh_token' must be a string");
  }

  @Test
  void token_unknownReusedRevokedOrForeignToken_is401InvalidGrant() {
    assertError(amino.token(form("grant_type=refresh_token&refresh_token=nope")), 401, "invalid_grant",
        "Invalid grant", "refresh token is invalid");
    String token = loginAlice().get("attributes").get("refresh_token").textValue();
    ok(amino.token(form("grant_type=refresh_token&refresh_token=" + token)));
    assertError(amino.token(form("grant_type=refresh_token&refresh_token=" + token)), 401, "invalid_grant",
        "Invalid grant", "refresh token has already been used");
    String other = ((TokenOutcome.Issued) engine.token(new TokenCommand.Password(realm, TestCallers.confidential(engine, realm, "other", "other-secret"), TokenCommand.UserCredentials.of("alice", "alice-pass"), Optional.empty()), RequestContext.of("t"))).tokens().refreshToken().orElseThrow();
    assertError(amino.token(form("grant_type=refresh_token&refresh_token=" + other)), 401, "invalid_grant",
        "Invalid grant", "refresh token was issued to another client");
    String revoked = loginAlice().get("attributes").get("refresh_token").textValue();
    engine.revoke(realm, TestCallers.confidential(engine, realm, CLIENT, "amino-secret"), revoked, RevocationScope.TOKEN,
        RequestContext.of("t"));
    assertError(amino.token(form("grant_type=refresh_token&refresh_token=" + revoked)), 401, "invalid_grant",
        "Invalid grant", "refresh token has been revoked");
  }

  @Test
  void token_expiredToken_is401InvalidGrant() {
    DialectTestEngine.TestClock clock = new DialectTestEngine.TestClock();
    try (DialectTestEngine own = DialectTestEngine.start(clock)) {
      Realm r = own.importRealm(new RealmImport(TestRealms.realm().refreshTtl(Duration.ofSeconds(60)).build(),
          List.of(new ClientImport(CLIENT, Optional.of("s"), Set.of("password", "refresh_token"), Set.of(),
              Optional.empty())),
          List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()))));
      AminoDialect d = new AminoDialect(own.engine(), mount(Optional.of(r.name().value()), Optional.empty(),
          Optional.of(CLIENT)));
      String token = resource(ok(d.login(json("{\"username\":\"alice\",\"password\":\"alice-pass\"}"))))
          .get("attributes").get("refresh_token").textValue();
      clock.advance(Duration.ofSeconds(61));
      assertError(d.token(form("grant_type=refresh_token&refresh_token=" + token)), 401, "invalid_grant",
          "Invalid grant", "refresh token has expired");
    }
  }

  @Test
  void token_delete_is405() {
    assertError(amino.token(request("DELETE", "")), 405, "method_not_allowed", "Method not allowed",
        "method DELETE is not allowed here; use POST");
  }

  // --- session

  @Test
  void session_validBearer_revokesTheSessionWith204() {
    JsonNode res = loginAlice();
    String access = res.get("attributes").get("access_token").textValue();
    WireResponse r = amino.session(request("DELETE", "", "Authorization", "Bearer " + access));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(engine.validateAccessToken(realm, access)).isEmpty();
    assertThat(engine.session(realm, new SessionId(res.get("id").textValue())).orElseThrow().revokedAt()).isPresent();
    assertError(amino.token(form("grant_type=refresh_token&refresh_token="
        + res.get("attributes").get("refresh_token").textValue())), 401, "invalid_grant", "Invalid grant",
        "refresh token has been revoked");
    WireResponse again = amino.session(request("DELETE", "", "Authorization", "Bearer " + access));
    assertError(again, 401, "invalid_token", "Invalid token", "the access token is invalid, expired or revoked");
    assertThat(again.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + realm.name() + "\", error=\"invalid_token\"");
  }

  @Test
  void session_clientCredentialsToken_revokesThatToken() {
    var issued = (TokenOutcome.Issued) engine.token(new TokenCommand.ClientCredentials(realm, TestCallers.confidential(engine, realm, "other", "other-secret"), Optional.empty()), RequestContext.of("t"));
    String access = issued.tokens().accessToken();
    assertThat(amino.session(request("DELETE", "", "Authorization", "bearer " + access)).status()).isEqualTo(204);
    assertThat(engine.validateAccessToken(realm, access)).isEmpty();
  }

  @Test
  void session_missingOrMalformedAuthorization_isRefused() {
    WireResponse missing = amino.session(request("DELETE", ""));
    assertError(missing, 401, "invalid_token", "Invalid token", "header 'Authorization: Bearer <access token>' is required");
    assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + realm.name() + "\"");
    for (String bad : List.of("Basic YTpi", "Bearer", "Bearer a b", "token")) {
      assertError(amino.session(request("DELETE", "", "Authorization", bad)), 400, "invalid_request", "Invalid request",
          "header 'Authorization' must be 'Bearer ' and an access token");
    }
    assertError(amino.session(request("DELETE", "", "Authorization", "Bearer garbage")), 401, "invalid_token",
        "Invalid token", "the access token is invalid, expired or revoked");
  }

  @Test
  void session_post_is405() {
    WireResponse r = amino.session(request("POST", ""));
    assertError(r, 405, "method_not_allowed", "Method not allowed", "method POST is not allowed here; use DELETE");
    assertThat(r.header("Allow")).isEqualTo("DELETE");
  }
}
