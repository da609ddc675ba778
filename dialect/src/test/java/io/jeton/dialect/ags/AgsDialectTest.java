package io.jeton.dialect.ags;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.revoke.RevocationScope;
import io.jeton.testkit.TestCallers;
import static io.jeton.dialect.DialectTestEngine.JSON;
import static io.jeton.dialect.DialectTestEngine.fieldNames;
import static io.jeton.dialect.DialectTestEngine.json;
import static io.jeton.dialect.DialectTestEngine.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.User;
import io.jeton.dialect.DialectTestEngine;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.testkit.TestRealms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AGS (SPEC 3.3) against a real engine on H2 and a real in-process LDAP server, without a socket. */
class AgsDialectTest {
  static final String CLIENT = "ags-client";
  static final List<String> TOKEN_FIELDS = List.of("access_token", "refresh_token", "client_id", "accountId",
      "token_type", "expires_in", "refresh_expires_in", "fixed_refresh_expires_in");
  static final String ALICE = "{\"parameters\":[{\"name\":\"username\",\"value\":\"alice\"},"
      + "{\"name\":\"password\",\"value\":\"alice-pass\"}]}";

  static DialectTestEngine t;
  static Engine engine;
  static InMemoryDirectoryServer ldap;
  static Realm realm;
  static String tenant;
  static AgsDialect ags;

  @BeforeAll
  static void start() throws Exception {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    cfg.setSchema(null);
    ldap = new InMemoryDirectoryServer(cfg);
    ldap.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
    ldap.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
    for (String uid : List.of("bob", "carol")) {
      ldap.add("dn: uid=" + uid + ",ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: " + uid,
          "cn: " + uid, "sn: S", "userPassword: " + uid + "-pass", "employeeNumber: 77" + uid.length());
    }
    ldap.startListening();
    t = DialectTestEngine.start();
    engine = t.engine();
    realm = t.importRealm(new RealmImport(TestRealms.realm().grace(Duration.ZERO).dialectClient("ags", CLIENT)
        .authService(AuthServiceRef.password("local"))
        .authService(new AuthServiceRef("corp", "ldap", Map.of("url", "ldap://127.0.0.1:" + ldap.getListenPort(),
            "baseDn", "ou=people,dc=example,dc=com", "attributes", "accountId=employeeNumber",
            "name", "Corporate directory")))
        .build(),
        List.of(new ClientImport(CLIENT, Optional.of("ags-secret"), Set.of("password", "refresh_token"), Set.of(),
                Optional.empty()),
            new ClientImport("other", Optional.of("other-secret"), Set.of("password", "refresh_token"), Set.of(),
                Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of("accountId", "1663")),
            new UserImport("nobody-acct", Optional.of("pw-1"), true, List.of(), Map.of()),
            new UserImport("dave", Optional.of("dave-pass"), false, List.of(), Map.of()),
            new UserImport("erin", Optional.of("erin-pass"), true, List.of(), Map.of()))));
    tenant = realm.name().value();
    ags = new AgsDialect(engine, mount(Optional.empty(), Optional.empty()));
  }

  @AfterAll
  static void stop() {
    t.close();
    ldap.shutDown(true);
  }

  static DialectMount mount(Optional<String> realmName, Optional<String> client) {
    return new DialectMount("ags", true, "/ags", realmName.map(io.jeton.core.RealmName::of),
        Optional.of("nv-tenant-id"), client.map(ClientId::of));
  }

  static WireRequest signonRequest(String service, String body) {
    return request("POST", body, "Content-Type", "application/json", "nv-tenant-id", tenant,
        "x-auth-service-id", service, "x-correlation-id", "c-1");
  }

  static WireRequest refreshRequest(String authorization, String service, String body) {
    return request("POST", body, "Content-Type", "application/json", "nv-tenant-id", tenant,
        "x-auth-service-id", service, "Authorization", authorization);
  }

  static JsonNode signedOn(WireResponse r) {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return json(r);
  }

  static void assertError(WireResponse r, int status, String code, String message) throws Exception {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(json(r)).isEqualTo(JSON.createObjectNode().put("code", code).put("message", message));
  }

  // --- service discovery

  @Test
  void serviceDiscovery_passwordAndLdapRealm_listsBothWithTheirParameters() throws Exception {
    WireResponse r = ags.serviceDiscovery(request("GET", "", "nv-tenant-id", tenant));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    String params = "[{\"name\":\"username\",\"type\":\"string\",\"required\":true,\"secret\":false},"
        + "{\"name\":\"password\",\"type\":\"string\",\"required\":true,\"secret\":true}]";
    assertThat(json(r)).isEqualTo(JSON.readTree("{\"services\":["
        + "{\"id\":\"local\",\"name\":\"Username and password\",\"parameters\":" + params + "},"
        + "{\"id\":\"corp\",\"name\":\"Corporate directory\",\"parameters\":" + params + "}]}"));
  }

  @Test
  void serviceDiscovery_unknownTenant_is403UnknownTenant() throws Exception {
    assertError(ags.serviceDiscovery(request("GET", "", "nv-tenant-id", "no-such-tenant")), 403, "unknown_tenant",
        "tenant 'no-such-tenant' does not exist");
    assertError(ags.serviceDiscovery(request("GET", "", "nv-tenant-id", "Not A Realm/..")), 403, "unknown_tenant",
        "tenant 'Not A Realm/..' does not exist");
  }

  @Test
  void serviceDiscovery_noTenantHeaderAndNoMountRealm_is400MissingHeader() throws Exception {
    assertError(ags.serviceDiscovery(request("GET", "")), 400, "missing_header", "header 'nv-tenant-id' is required");
  }

  @Test
  void serviceDiscovery_mountRealmWithoutHeader_usesMountRealm() {
    AgsDialect bound = new AgsDialect(engine, mount(Optional.of(tenant), Optional.of(CLIENT)));
    assertThat(bound.serviceDiscovery(request("GET", "")).status()).isEqualTo(200);
  }

  @Test
  void serviceDiscovery_post_is405WithAllow() throws Exception {
    WireResponse r = ags.serviceDiscovery(request("POST", "", "nv-tenant-id", tenant));
    assertError(r, 405, "method_not_allowed", "method POST is not allowed here; use GET");
    assertThat(r.header("Allow")).isEqualTo("GET");
  }

  // --- signon

  @Test
  void signon_localUser_returnsTheWholeAgsDocument() throws Exception {
    WireResponse r = ags.signon(signonRequest("local", ALICE));
    JsonNode b = signedOn(r);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(fieldNames(b)).isEqualTo(TOKEN_FIELDS);
    assertThat(b.get("client_id").textValue()).isEqualTo(CLIENT);
    assertThat(b.get("accountId").textValue()).isEqualTo("1663");
    assertThat(b.get("token_type").textValue()).isEqualTo("bearer");
    assertThat(b.get("expires_in").isIntegralNumber()).isTrue();
    assertThat(b.get("expires_in").longValue()).isEqualTo(3600);
    assertThat(b.get("refresh_expires_in").longValue()).isEqualTo(604800);
    assertThat(b.get("fixed_refresh_expires_in").longValue()).isEqualTo(2592000);
    assertThat(b.get("refresh_token").textValue()).isNotBlank();
    var claims = engine.validateAccessToken(realm, b.get("access_token").textValue()).orElseThrow();
    assertThat(claims.clientId().value()).isEqualTo(CLIENT);
    assertThat(engine.session(realm, claims.sessionId().orElseThrow()).orElseThrow().authService()).isEqualTo("local");
  }

  @Test
  void signon_userWithoutAccountId_hasAccountIdNull() {
    JsonNode b = signedOn(ags.signon(signonRequest("local",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"nobody-acct\"},{\"name\":\"password\",\"value\":\"pw-1\"}]}")));
    assertThat(b.has("accountId")).isTrue();
    assertThat(b.get("accountId").isNull()).isTrue();
  }

  @Test
  void signon_wrongPassword_is401InvalidCredentials() throws Exception {
    assertError(ags.signon(signonRequest("local", ALICE.replace("alice-pass", "wrong"))), 401,
        "invalid_credentials", "invalid username or password");
  }

  @Test
  void signon_disabledUser_is403UserDisabled() throws Exception {
    assertError(ags.signon(signonRequest("local",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"dave\"},{\"name\":\"password\",\"value\":\"dave-pass\"}]}")),
        403, "user_disabled", "user account is disabled");
  }

  @Test
  void signon_unknownAuthService_is400UnknownAuthService() throws Exception {
    assertError(ags.signon(signonRequest("google", ALICE)), 400, "unknown_auth_service",
        "authentication service 'google' is not available in realm '" + tenant + "'");
  }

  @Test
  void signon_missingRequiredParameter_is400InvalidParameters() throws Exception {
    assertError(ags.signon(signonRequest("local", "{\"parameters\":[{\"name\":\"username\",\"value\":\"alice\"}]}")),
        400, "invalid_parameters", "parameter 'password' is required by authentication service 'local'");
  }

  @Test
  void signon_missingServiceHeader_is400MissingHeader() throws Exception {
    assertError(ags.signon(request("POST", ALICE, "Content-Type", "application/json", "nv-tenant-id", tenant)),
        400, "missing_header", "header 'x-auth-service-id' is required");
    assertError(ags.signon(signonRequest("  ", ALICE)), 400, "missing_header", "header 'x-auth-service-id' is required");
  }

  @Test
  void signon_oversizedOrRepeatedServiceHeader_is400InvalidHeader() throws Exception {
    assertError(ags.signon(signonRequest("x".repeat(257), ALICE)), 400, "invalid_header",
        "header 'x-auth-service-id' is longer than 256 characters");
    assertError(ags.signon(request("POST", ALICE, "Content-Type", "application/json", "nv-tenant-id", tenant,
        "x-auth-service-id", "local", "x-auth-service-id", "corp")), 400, "invalid_header",
        "header 'x-auth-service-id' appears more than once");
  }

  @Test
  void signon_unknownTenant_is403UnknownTenant() throws Exception {
    assertError(ags.signon(request("POST", ALICE, "Content-Type", "application/json", "nv-tenant-id", "elsewhere",
        "x-auth-service-id", "local")), 403, "unknown_tenant", "tenant 'elsewhere' does not exist");
  }

  @Test
  void signon_mountWithoutClient_is403ClientNotConfigured() throws Exception {
    Realm bare = t.importRealm(new RealmImport(TestRealms.realm().build(),
        List.of(new ClientImport(CLIENT, Optional.of("s"), Set.of("password"), Set.of(), Optional.empty())),
        List.of()));
    WireRequest signon = request("POST", ALICE, "Content-Type", "application/json", "x-auth-service-id", "password");
    AgsDialect noClient = new AgsDialect(engine, mount(Optional.of(bare.name().value()), Optional.empty()));
    assertError(noClient.signon(signon), 403, "client_not_configured",
        "no client is configured for the ags dialect in realm '" + bare.name()
            + "' (dialects.ags.client or realms[].dialects.ags.client)");
    AgsDialect missing = new AgsDialect(engine, mount(Optional.of(bare.name().value()), Optional.of("ghost")));
    assertError(missing.signon(signon), 403, "client_not_configured",
        "client 'ghost' of the ags dialect does not exist in realm '" + bare.name() + "'");
  }

  @Test
  void signon_get_is405() throws Exception {
    WireResponse r = ags.signon(request("GET", "", "nv-tenant-id", tenant));
    assertError(r, 405, "method_not_allowed", "method GET is not allowed here; use POST");
    assertThat(r.header("Allow")).isEqualTo("POST");
  }

  @Test
  void signon_wrongOrMissingContentType_is400UnsupportedContentType() throws Exception {
    assertError(ags.signon(request("POST", ALICE, "Content-Type", "application/x-www-form-urlencoded",
        "nv-tenant-id", tenant, "x-auth-service-id", "local")), 400, "unsupported_content_type",
        "the body must be application/json, not 'application/x-www-form-urlencoded'");
    assertError(ags.signon(request("POST", ALICE, "nv-tenant-id", tenant, "x-auth-service-id", "local")), 400,
        "unsupported_content_type", "the body must be application/json (Content-Type is missing)");
    assertError(ags.signon(request("POST", ALICE, "Content-Type", "application/json; charset=latin1",
        "nv-tenant-id", tenant, "x-auth-service-id", "local")), 400, "unsupported_content_type",
        "charset 'latin1' is not supported; use UTF-8");
  }

  @Test
  void signon_badBodies_are400MalformedBodyNever5xx() throws Exception {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("", "the request body is empty; a JSON object is required");
    cases.put("{\"parameters\":[", "the request body is not valid JSON");
    cases.put("[1,2]", "the request body must be a JSON object");
    cases.put("\"parameters\"", "the request body must be a JSON object");
    cases.put("{} {}", "the request body is not valid JSON");
    cases.put("{\"parameters\":[],\"parameters\":[]}", "the request body is not valid JSON (a member is repeated)");
    cases.put("{}", "member 'parameters' is required");
    cases.put("{\"parameters\":null}", "member 'parameters' is required");
    cases.put("{\"parameters\":{\"username\":\"alice\"}}", "member 'parameters' must be an array");
    cases.put("{\"parameters\":[\"alice\"]}", "parameters[0] must be an object with 'name' and 'value'");
    cases.put("{\"parameters\":[{\"name\":1,\"value\":\"x\"}]}", "parameters[0].name must be a string of 1 to 128 characters");
    cases.put("{\"parameters\":[{\"value\":\"x\"}]}", "parameters[0].name must be a string of 1 to 128 characters");
    cases.put("{\"parameters\":[{\"name\":\"username\",\"value\":42}]}", "parameters[0].value must be a string");
    cases.put("{\"parameters\":[{\"name\":\"username\"}]}", "parameters[0].value must be a string");
    cases.put("{\"parameters\":[{\"name\":\"username\",\"value\":\"" + "a".repeat(4097) + "\"}]}",
        "parameters[0].value is longer than 4096 characters");
    cases.put("{\"parameters\":[{\"name\":\"username\",\"value\":\"a\"},{\"name\":\"username\",\"value\":\"b\"}]}",
        "parameter 'username' appears more than once");
    cases.put("{\"parameters\":[" + "{\"name\":\"n\",\"value\":\"v\"},".repeat(32) + "{\"name\":\"m\",\"value\":\"v\"}]}",
        "member 'parameters' has more than 32 entries");
    cases.put("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}", "the request body is not valid JSON");
    for (var c : cases.entrySet()) {
      assertError(ags.signon(signonRequest("local", c.getKey())), 400, "malformed_body", c.getValue());
    }
    WireResponse notUtf8 = ags.signon(request("POST", new byte[] {'{', (byte) 0xC3, '}'}, "Content-Type",
        "application/json", "nv-tenant-id", tenant, "x-auth-service-id", "local"));
    assertError(notUtf8, 400, "malformed_body", "the request body is not valid UTF-8");
  }

  @Test
  void signon_unknownMembersBesideParameters_areIgnored() {
    signedOn(ags.signon(signonRequest("local", ALICE.replace("{\"parameters\"", "{\"device\":{\"id\":1},\"parameters\""))));
  }

  // --- refresh

  @Test
  void refresh_rawAndBearerToken_rotateAndReturnTheWholeAgsDocument() {
    JsonNode first = signedOn(ags.signon(signonRequest("local", ALICE)));
    WireResponse r = ags.refresh(refreshRequest(first.get("refresh_token").textValue(), "local",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"alice\"}]}"));
    JsonNode second = signedOn(r);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(fieldNames(second)).isEqualTo(TOKEN_FIELDS);
    assertThat(second.get("refresh_token").textValue()).isNotEqualTo(first.get("refresh_token").textValue());
    assertThat(second.get("client_id").textValue()).isEqualTo(CLIENT);
    assertThat(second.get("accountId").textValue()).isEqualTo("1663");
    assertThat(second.get("token_type").textValue()).isEqualTo("bearer");
    assertThat(second.get("expires_in").longValue()).isEqualTo(3600);
    assertThat(second.get("refresh_expires_in").longValue()).isBetween(604799L, 604800L);
    assertThat(second.get("fixed_refresh_expires_in").longValue()).isBetween(2591990L, 2592000L);
    JsonNode third = signedOn(ags.refresh(refreshRequest("Bearer " + second.get("refresh_token").textValue(),
        "local", "{\"parameters\":[]}")));
    assertThat(engine.validateAccessToken(realm, third.get("access_token").textValue())).isPresent();
  }

  @Test
  void refresh_fixedExpiry_countsDownToTheSessionsAbsoluteExpiry() throws Exception {
    DialectTestEngine.TestClock clock = new DialectTestEngine.TestClock();
    try (DialectTestEngine own = DialectTestEngine.start(clock)) {
      Realm r = own.importRealm(new RealmImport(TestRealms.realm().refreshTtl(Duration.ofSeconds(100))
          .sessionMaxTtl(Duration.ofSeconds(250)).build(),
          List.of(new ClientImport(CLIENT, Optional.empty(), Set.of("password", "refresh_token"), Set.of(),
              Optional.empty())),
          List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()))));
      AgsDialect dialect = new AgsDialect(own.engine(), mount(Optional.of(r.name().value()), Optional.of(CLIENT)));
      WireRequest signon = request("POST", ALICE, "Content-Type", "application/json", "x-auth-service-id", "password");
      JsonNode b = signedOn(dialect.signon(signon));
      assertThat(b.get("refresh_expires_in").longValue()).isEqualTo(100);
      assertThat(b.get("fixed_refresh_expires_in").longValue()).isEqualTo(250);
      String token = b.get("refresh_token").textValue();
      for (int i = 0; i < 2; i++) {
        clock.advance(Duration.ofSeconds(90));
        b = signedOn(dialect.refresh(request("POST", "{\"parameters\":[]}", "Content-Type", "application/json",
            "x-auth-service-id", "password", "Authorization", token)));
        token = b.get("refresh_token").textValue();
      }
      // 180 s in: the sliding expiry is capped by the session's absolute expiry at 250 s.
      assertThat(b.get("refresh_expires_in").longValue()).isEqualTo(70);
      assertThat(b.get("fixed_refresh_expires_in").longValue()).isEqualTo(70);
      clock.advance(Duration.ofSeconds(71));
      assertError(dialect.refresh(request("POST", "{\"parameters\":[]}", "Content-Type", "application/json",
          "x-auth-service-id", "password", "Authorization", token)), 401, "token_expired", "refresh token has expired");
    }
  }

  @Test
  void refresh_unknownToken_is401InvalidToken() throws Exception {
    assertError(ags.refresh(refreshRequest("no-such-token", "local", "{\"parameters\":[]}")), 401, "invalid_token",
        "refresh token is invalid");
  }

  @Test
  void refresh_usedTokenOutsideGrace_is401TokenReusedAndRevokesTheSession() throws Exception {
    String token = signedOn(ags.signon(signonRequest("local", ALICE))).get("refresh_token").textValue();
    String next = signedOn(ags.refresh(refreshRequest(token, "local", "{\"parameters\":[]}")))
        .get("refresh_token").textValue();
    assertError(ags.refresh(refreshRequest(token, "local", "{\"parameters\":[]}")), 401, "token_reused",
        "refresh token has already been used");
    assertError(ags.refresh(refreshRequest(next, "local", "{\"parameters\":[]}")), 401, "token_revoked",
        "refresh token has been revoked");
  }

  @Test
  void refresh_revokedThroughStandardRevocation_is401TokenRevoked() throws Exception {
    String token = signedOn(ags.signon(signonRequest("local", ALICE))).get("refresh_token").textValue();
    engine.revoke(realm, TestCallers.confidential(engine, realm, CLIENT, "ags-secret"), token, RevocationScope.TOKEN,
        RequestContext.of("t"));
    assertError(ags.refresh(refreshRequest(token, "local", "{\"parameters\":[]}")), 401, "token_revoked",
        "refresh token has been revoked");
  }

  @Test
  void refresh_usernameOfAnotherUser_is403UserMismatch() throws Exception {
    String token = signedOn(ags.signon(signonRequest("local", ALICE))).get("refresh_token").textValue();
    assertError(ags.refresh(refreshRequest(token, "local", "{\"parameters\":[{\"name\":\"username\",\"value\":\"dave\"}]}")),
        403, "user_mismatch", "username does not match the session's user");
  }

  @Test
  void refresh_otherAuthService_is403UserMismatch() throws Exception {
    String token = signedOn(ags.signon(signonRequest("local", ALICE))).get("refresh_token").textValue();
    assertError(ags.refresh(refreshRequest(token, "corp", "{\"parameters\":[]}")), 403, "user_mismatch",
        "the session was not created with authentication service 'corp'");
  }

  @Test
  void refresh_tokenOfAnotherClient_is403ClientMismatch() throws Exception {
    var other = TestCallers.confidential(engine, realm, "other", "other-secret");
    var issued = (TokenOutcome.Issued) engine.token(new TokenCommand.Password(realm, other, TokenCommand.UserCredentials.of("alice", "alice-pass"), Optional.empty()), RequestContext.of("t"));
    assertError(ags.refresh(refreshRequest(issued.tokens().refreshToken().orElseThrow(), "local",
        "{\"parameters\":[]}")), 403, "client_mismatch", "refresh token was issued to another client");
  }

  @Test
  void refresh_userDisabledAfterSignon_is403UserDisabled() throws Exception {
    JsonNode b = signedOn(ags.signon(signonRequest("local",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"erin\"},{\"name\":\"password\",\"value\":\"erin-pass\"}]}")));
    User erin = t.stores().users().findByUsername(realm.name(), "erin").orElseThrow();
    t.stores().users().upsert(new User(erin.realm(), erin.id(), erin.username(), erin.passwordHash(), false,
        erin.roles(), erin.attributes()));
    try {
      assertError(ags.refresh(refreshRequest(b.get("refresh_token").textValue(), "local", "{\"parameters\":[]}")),
          403, "user_disabled", "the session's user is disabled or gone");
    } finally {
      t.stores().users().upsert(erin);
    }
  }

  @Test
  void refresh_missingOrMalformedAuthorization_is400() throws Exception {
    assertError(ags.refresh(request("POST", "{\"parameters\":[]}", "Content-Type", "application/json",
        "nv-tenant-id", tenant, "x-auth-service-id", "local")), 400, "missing_header",
        "header 'Authorization' with the refresh token is required");
    for (String bad : List.of("Basic dXNlcjpwYXNz", "Bearer ", "Bearer a b", "tok en", "x".repeat(8193))) {
      assertError(ags.refresh(refreshRequest(bad, "local", "{\"parameters\":[]}")), 400, "invalid_header",
          "header 'Authorization' must be the refresh token, or 'Bearer ' and the refresh token");
    }
  }

  @Test
  void refresh_missingServiceHeaderOrBody_is400() throws Exception {
    assertError(ags.refresh(request("POST", "{\"parameters\":[]}", "Content-Type", "application/json",
        "nv-tenant-id", tenant, "Authorization", "abc")), 400, "missing_header", "header 'x-auth-service-id' is required");
    assertError(ags.refresh(refreshRequest("abc", "local", "")), 400, "malformed_body",
        "the request body is empty; a JSON object is required");
    assertError(ags.refresh(refreshRequest("abc", "local", "{\"parameters\":[{\"name\":\"username\",\"value\":false}]}")),
        400, "malformed_body", "parameters[0].value must be a string");
  }

  @Test
  void refresh_unknownTenant_is403() throws Exception {
    assertError(ags.refresh(request("POST", "{\"parameters\":[]}", "Content-Type", "application/json",
        "nv-tenant-id", "elsewhere", "x-auth-service-id", "local", "Authorization", "abc")), 403, "unknown_tenant",
        "tenant 'elsewhere' does not exist");
  }

  @Test
  void refresh_put_is405() throws Exception {
    assertError(ags.refresh(request("PUT", "{}", "nv-tenant-id", tenant)), 405, "method_not_allowed",
        "method PUT is not allowed here; use POST");
  }

  // --- LDAP

  @Test
  void ldap_signonRefreshAndRemovalFromDirectory_lastRefreshIs403() throws Exception {
    JsonNode b = signedOn(ags.signon(signonRequest("corp",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"carol\"},{\"name\":\"password\",\"value\":\"carol-pass\"}]}")));
    assertThat(fieldNames(b)).isEqualTo(TOKEN_FIELDS);
    assertThat(b.get("accountId").textValue()).isEqualTo("775");
    JsonNode again = signedOn(ags.refresh(refreshRequest(b.get("refresh_token").textValue(), "corp",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"carol\"}]}")));
    ldap.delete("uid=carol,ou=people,dc=example,dc=com");
    assertError(ags.refresh(refreshRequest(again.get("refresh_token").textValue(), "corp",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"carol\"}]}")), 403, "user_disabled",
        "user no longer exists in the directory");
  }

  @Test
  void ldap_directoryUnreachable_is503TemporarilyUnavailable() throws Exception {
    Realm down = t.importRealm(new RealmImport(TestRealms.realm()
        .authService(new AuthServiceRef("corp", "ldap", Map.of("url", "ldap://127.0.0.1:1",
            "baseDn", "ou=people,dc=example,dc=com")))
        .dialectClient("ags", CLIENT)
        .build(),
        List.of(new ClientImport(CLIENT, Optional.of("s"), Set.of("password"), Set.of(), Optional.empty())),
        List.of()));
    WireResponse r = ags.signon(request("POST",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"bob\"},{\"name\":\"password\",\"value\":\"bob-pass\"}]}",
        "Content-Type", "application/json", "nv-tenant-id", down.name().value(), "x-auth-service-id", "corp"));
    assertError(r, 503, "temporarily_unavailable", "authentication service 'corp' is unreachable");
    assertThat(r.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void ldap_wrongPassword_is401InvalidCredentials() throws Exception {
    assertError(ags.signon(signonRequest("corp",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"bob\"},{\"name\":\"password\",\"value\":\"nope\"}]}")),
        401, "invalid_credentials", "invalid username or password");
  }
}
