package io.jeton.dialect;

import static io.jeton.dialect.DialectTestEngine.json;
import static io.jeton.dialect.DialectTestEngine.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.ags.AgsDialect;
import io.jeton.dialect.amino.AminoDialect;
import io.jeton.dialect.oauth2.Endpoints;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.testkit.TestRealms;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacks of review CR1 and M1 (security review section 5, rows 1 to 3) against AGS and
 * Amino, which authenticate no client: a realm reached through the tenant header must name the
 * client the dialect acts as, that client's grants are checked on refresh too, and the grace
 * window answers only the caller that made the first use.
 *
 * <p>Fixture, as the review's: realms {@code a} and {@code b}, each with a confidential client
 * {@code app} (password, refresh_token) and user alice; AGS mounted on {@code a} with client
 * {@code app} and its default tenant header; Amino mounted on {@code b} with client {@code app}.
 * Realm {@code c} hands its public client {@code mobile} to AGS itself, and its confidential
 * {@code app} (which may not refresh) to Amino.
 */
class ClientLessDialectTrustTest {
  static final String ALICE = "{\"parameters\":[{\"name\":\"username\",\"value\":\"alice\"},"
      + "{\"name\":\"password\",\"value\":\"alice-pass\"}]}";

  static DialectTestEngine t;
  static Realm a;
  static Realm b;
  static Realm c;
  static AgsDialect ags;
  static AminoDialect amino;
  static AminoDialect aminoOnC;
  static Endpoints standard;

  @BeforeAll
  static void start() {
    t = DialectTestEngine.start();
    a = t.importRealm(realm(TestRealms.realm().grace(Duration.ofSeconds(10)).build(), "S_a", Set.of()));
    b = t.importRealm(realm(TestRealms.realm().build(), "S_b", Set.of()));
    c = t.importRealm(new RealmImport(TestRealms.realm().dialectClient("ags", "mobile")
        .dialectClient("amino", "app").build(),
        List.of(new ClientImport("app", Optional.of("S_c"), Set.of("password"), Set.of(), Optional.empty()),
            new ClientImport("mobile", Optional.empty(), Set.of("password", "refresh_token"), Set.of(),
                Optional.empty(), true, 0)),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()))));
    ags = new AgsDialect(t.engine(), new DialectMount("ags", true, "/ags", Optional.of(a.name()),
        Optional.of("nv-tenant-id"), Optional.of(ClientId.of("app"))));
    amino = new AminoDialect(t.engine(), new DialectMount("amino", true, "/amino", Optional.of(b.name()),
        Optional.empty(), Optional.of(ClientId.of("app"))));
    aminoOnC = new AminoDialect(t.engine(), new DialectMount("amino", true, "/amino", Optional.of(c.name()),
        Optional.empty(), Optional.empty()));
    standard = new Endpoints(t.engine());
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static RealmImport realm(Realm r, String secret, Set<String> unused) {
    return new RealmImport(r,
        List.of(new ClientImport("app", Optional.of(secret), Set.of("password", "refresh_token"), Set.of("profile"),
            Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of())));
  }

  // --- row 1: cross-tenant, secret-less login

  @Test
  void agsSignon_tenantHeaderNamingARealmThatNamesNoAgsClient_is403UnknownTenant() {
    WireResponse r = ags.signon(signon(b.name(), ALICE));
    assertAgs(r, 403, "unknown_tenant", "tenant '" + b.name() + "' does not exist");
    // Refused before any password is checked: a wrong password gets the very same answer.
    assertAgs(ags.signon(signon(b.name(), ALICE.replace("alice-pass", "wrong"))), 403, "unknown_tenant",
        "tenant '" + b.name() + "' does not exist");
    assertThat(recent(b, AuditType.LOGIN_OK)).isEmpty();
  }

  @Test
  void agsSignon_tenantHeaderNamingARealmThatNamesItsOwnAgsClient_logsInAsThatClient() {
    JsonNode body = ok(ags.signon(signon(c.name(), ALICE)));
    assertThat(body.get("client_id").textValue()).isEqualTo("mobile");
  }

  @Test
  void agsServiceDiscovery_tenantHeaderNamingARealmThatNamesNoAgsClient_is403UnknownTenant() {
    assertAgs(ags.serviceDiscovery(request("GET", "", "nv-tenant-id", b.name().value())), 403, "unknown_tenant",
        "tenant '" + b.name() + "' does not exist");
  }

  @Test
  void agsSignon_tenantHeaderTwice_is400InvalidHeader() {
    assertAgs(ags.signon(request("POST", ALICE, "Content-Type", "application/json", "nv-tenant-id",
        a.name().value(), "nv-tenant-id", c.name().value(), "x-auth-service-id", "password")), 400,
        "invalid_header", "header 'nv-tenant-id' must be sent once");
  }

  // --- row 2: redeeming a confidential client's refresh token without its secret

  @Test
  void agsRefresh_confidentialClientsTokenInARealmThatDidNotHandItToAgs_is403AndTheTokenStaysUsable() {
    String rt = passwordLogin(b, "S_b").get("refresh_token").textValue();
    assertAgs(ags.refresh(refresh(b.name(), rt)), 403, "unknown_tenant", "tenant '" + b.name() + "' does not exist");
    assertThat(standard.token(tokenRequest(b, "S_b", "grant_type=refresh_token&refresh_token=" + rt)).status())
        .isEqualTo(200);
  }

  @Test
  void agsRefresh_confidentialClientsTokenWhereTheRealmHandsAPublicClientToAgs_is403ClientMismatch() {
    String rt = passwordLogin(c, "S_c", "app").get("refresh_token").textValue();
    assertAgs(ags.refresh(refresh(c.name(), rt)), 403, "client_mismatch", "refresh token was issued to another client");
  }

  @Test
  void aminoRefresh_clientHandedToAminoLacksTheRefreshGrant_is403AccessDenied() {
    JsonNode login = resource(aminoOnC.login(request("POST", "{\"username\":\"alice\",\"password\":\"alice-pass\"}",
        "Content-Type", "application/json")));
    String rt = login.get("attributes").get("refresh_token").textValue();
    WireResponse r = aminoOnC.token(request("POST", "grant_type=refresh_token&refresh_token=" + rt,
        "Content-Type", "application/x-www-form-urlencoded"));
    assertThat(r.status()).as(text(r)).isEqualTo(403);
    assertThat(json(r).get("errors").get(0).get("detail").textValue())
        .isEqualTo("client 'app' may not use grant_type 'refresh_token'");
  }

  @Test
  void aminoRefresh_confidentialClientHandedToAminoByTheMount_isRedeemableAsDocumented() {
    String rt = passwordLogin(b, "S_b").get("refresh_token").textValue();
    WireResponse r = amino.token(request("POST", "grant_type=refresh_token&refresh_token=" + rt,
        "Content-Type", "application/x-www-form-urlencoded"));
    assertThat(r.status()).as(text(r)).isEqualTo(200);
  }

  // --- row 3: the grace window answers only the caller of the first use

  @Test
  void refreshGrace_retryBySameClientAuthenticatedTheSameWay_getsTheSameSuccessorAndIsAudited() {
    String rt = passwordLogin(a, "S_a").get("refresh_token").textValue();
    String next = json(standard.token(tokenRequest(a, "S_a", "grant_type=refresh_token&refresh_token=" + rt)))
        .get("refresh_token").textValue();
    WireResponse retry = standard.token(tokenRequest(a, "S_a", "grant_type=refresh_token&refresh_token=" + rt));
    assertThat(retry.status()).as(text(retry)).isEqualTo(200);
    assertThat(json(retry).get("refresh_token").textValue()).isEqualTo(next);
    assertThat(recent(a, AuditType.REFRESH_REPLAYED)).hasSize(1);
  }

  @Test
  void refreshGrace_replayThroughAgsOfATokenJustUsedWithTheSecret_isReuseAndRevokesTheSession() {
    String rt = passwordLogin(a, "S_a").get("refresh_token").textValue();
    String next = json(standard.token(tokenRequest(a, "S_a", "grant_type=refresh_token&refresh_token=" + rt)))
        .get("refresh_token").textValue();
    assertAgs(ags.refresh(refresh(a.name(), rt)), 401, "token_reused", "refresh token has already been used");
    WireResponse legit = standard.token(tokenRequest(a, "S_a", "grant_type=refresh_token&refresh_token=" + next));
    assertThat(legit.status()).as(text(legit)).isEqualTo(400);
    assertThat(json(legit).get("error").textValue()).isEqualTo("invalid_grant");
  }

  // --- helpers

  static WireRequest signon(RealmName tenant, String body) {
    return request("POST", body, "Content-Type", "application/json", "nv-tenant-id", tenant.value(),
        "x-auth-service-id", "password");
  }

  static WireRequest refresh(RealmName tenant, String token) {
    return request("POST", "{\"parameters\":[]}", "Content-Type", "application/json", "nv-tenant-id",
        tenant.value(), "x-auth-service-id", "password", "Authorization", token);
  }

  static JsonNode passwordLogin(Realm realm, String secret) {
    return passwordLogin(realm, secret, "app");
  }

  static JsonNode passwordLogin(Realm realm, String secret, String client) {
    WireResponse r = standard.token(tokenRequest(realm, client, secret,
        "grant_type=password&username=alice&password=alice-pass"));
    assertThat(r.status()).as(text(r)).isEqualTo(200);
    return json(r);
  }

  static WireRequest tokenRequest(Realm realm, String secret, String form) {
    return tokenRequest(realm, "app", secret, form);
  }

  static WireRequest tokenRequest(Realm realm, String client, String secret, String form) {
    String basic = "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
    return WireRequest.post(Map.of(Endpoints.REALM, realm.name().value()),
        WireHeaders.single("Authorization", basic, "Content-Type", "application/x-www-form-urlencoded"),
        form.replace("+", URLEncoder.encode("+", StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode ok(WireResponse r) {
    assertThat(r.status()).as(text(r)).isEqualTo(200);
    return json(r);
  }

  static JsonNode resource(WireResponse r) {
    return ok(r).get("data").get(0);
  }

  static void assertAgs(WireResponse r, int status, String code, String message) {
    assertThat(r.status()).as(text(r)).isEqualTo(status);
    assertThat(json(r)).isEqualTo(DialectTestEngine.JSON.createObjectNode().put("code", code).put("message", message));
  }

  static List<AuditEvent> recent(Realm realm, AuditType type) {
    t.engine().flushAudit();
    return t.stores().audit().recent(realm.name().value(), 1000).stream()
        .filter(e -> e.type() == type).toList();
  }

  static String text(WireResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
