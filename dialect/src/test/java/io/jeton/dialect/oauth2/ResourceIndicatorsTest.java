package io.jeton.dialect.oauth2;

import static io.jeton.dialect.DialectTestEngine.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.DialectTestEngine;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource indicators (RFC 8707, SPEC 8) on the token endpoint of a real engine and H2 store:
 * {@code resource} becomes the access token's {@code aud}; a client asks only for its own
 * {@code resources}; a refresh narrows, never widens.
 */
class ResourceIndicatorsTest {
  private static final String API = "https://api.example.com/";
  private static final String FILES = "https://files.example.com/v1?tenant=a";
  private static final String OTHER = "https://other.example.com/";

  private DialectTestEngine t;
  private Endpoints endpoints;

  @BeforeEach
  void start() {
    t = DialectTestEngine.start();
    Realm realm = new Realm(new RealmName("acme"), null, Optional.empty(), Duration.ofSeconds(300), null, null,
        Duration.ofSeconds(10), null, null);
    t.importRealm(new RealmImport(realm,
        List.of(new ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token",
            "client_credentials"), Set.of("read"), Optional.empty(), false, 0, Optional.empty(),
            List.of(API, FILES, OTHER))),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()))));
    endpoints = new Endpoints(t.engine());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void clientCredentials_allowedResource_isTheTokensAudience() throws Exception {
    WireResponse r = endpoints.token(post("grant_type=client_credentials&resource=" + enc(API)));

    assertThat(r.status()).as(body(r)).isEqualTo(200);
    assertThat(audience(json(r))).containsExactly(API);
  }

  @Test
  void clientCredentials_twoResources_audIsBothAndIntrospectionShowsAnArray() throws Exception {
    WireResponse r = endpoints.token(post("grant_type=client_credentials&resource=" + enc(API) + "&resource="
        + enc(FILES)));

    assertThat(r.status()).as(body(r)).isEqualTo(200);
    assertThat(audience(json(r))).containsExactly(API, FILES);
    JsonNode introspected = json(endpoints.introspect(post("token=" + json(r).get("access_token").asText())));
    assertThat(introspected.get("aud").toString()).isEqualTo("[\"" + API + "\",\"" + FILES + "\"]");
  }

  @Test
  void clientCredentials_noResource_keepsTheRealmAudience() throws Exception {
    WireResponse r = endpoints.token(post("grant_type=client_credentials"));

    assertThat(audience(json(r))).containsExactly("app");
  }

  @Test
  void clientCredentials_resourceTheClientMayNotAskFor_is400InvalidTarget() {
    WireResponse r = endpoints.token(post("grant_type=client_credentials&resource=" + enc(API) + "&resource="
        + enc("https://evil.example/")));

    assertError(r, "invalid_target", "resource 'https://evil.example/' is not allowed for client 'app'");
  }

  @Test
  void clientCredentials_relativeUri_is400InvalidTarget() {
    assertError(endpoints.token(post("grant_type=client_credentials&resource=" + enc("/api"))), "invalid_target",
        "resource '/api' is not an absolute URI");
  }

  @Test
  void clientCredentials_uriWithFragment_is400InvalidTarget() {
    assertError(endpoints.token(post("grant_type=client_credentials&resource=" + enc(API + "#x"))),
        "invalid_target", "resource 'https://api.example.com/#x' has a fragment");
  }

  @Test
  void clientCredentials_notAUri_is400InvalidTarget() {
    assertError(endpoints.token(post("grant_type=client_credentials&resource=" + enc("https://a b"))),
        "invalid_target", "resource 'https://a b' is not a URI");
  }

  @Test
  void password_resource_isTheAudienceOfEveryTokenOfTheSession() throws Exception {
    JsonNode login = json(endpoints.token(post("grant_type=password&username=alice&password=alice-pass&resource="
        + enc(API) + "&resource=" + enc(FILES))));
    assertThat(audience(login)).containsExactly(API, FILES);

    JsonNode refreshed = json(endpoints.token(post("grant_type=refresh_token&refresh_token="
        + login.get("refresh_token").asText())));

    assertThat(audience(refreshed)).containsExactly(API, FILES);
  }

  @Test
  void refresh_narrowingTheAudience_isAllowed() throws Exception {
    JsonNode login = json(endpoints.token(post("grant_type=password&username=alice&password=alice-pass&resource="
        + enc(API) + "&resource=" + enc(FILES))));

    WireResponse r = endpoints.token(post("grant_type=refresh_token&refresh_token="
        + login.get("refresh_token").asText() + "&resource=" + enc(FILES)));

    assertThat(r.status()).as(body(r)).isEqualTo(200);
    assertThat(audience(json(r))).containsExactly(FILES);
  }

  @Test
  void refresh_wideningToAResourceTheClientMayHaveButTheSessionWasNotGranted_is400InvalidTarget() {
    JsonNode login = json(endpoints.token(post("grant_type=password&username=alice&password=alice-pass&resource="
        + enc(API))));

    WireResponse r = endpoints.token(post("grant_type=refresh_token&refresh_token="
        + login.get("refresh_token").asText() + "&resource=" + enc(API) + "&resource=" + enc(OTHER)));

    assertError(r, "invalid_target", "resource '" + OTHER + "' is not allowed for this refresh token");
  }

  @Test
  void refresh_ofASessionWithTheRealmAudience_cannotAskForAResource() {
    JsonNode login = json(endpoints.token(post("grant_type=password&username=alice&password=alice-pass")));

    WireResponse r = endpoints.token(post("grant_type=refresh_token&refresh_token="
        + login.get("refresh_token").asText() + "&resource=" + enc(API)));

    assertError(r, "invalid_target", "resource '" + API + "' is not allowed for this refresh token");
  }

  @Test
  void password_resourceNotAllowed_isRefusedBeforeAnySessionIsCreated() {
    WireResponse r = endpoints.token(post("grant_type=password&username=alice&password=alice-pass&resource="
        + enc("https://evil.example/")));

    assertError(r, "invalid_target", "resource 'https://evil.example/' is not allowed for client 'app'");
    assertThat(t.engine().passwordVerifications()).isZero();
  }

  @Test
  void repeatedScope_isStillRefusedWhileResourceMayRepeat() {
    assertError(endpoints.token(post("grant_type=client_credentials&scope=read&scope=read")), "invalid_request",
        "parameter 'scope' is included more than once");
  }

  private static List<String> audience(JsonNode tokenResponse) throws Exception {
    return SignedJWT.parse(tokenResponse.get("access_token").asText()).getJWTClaimsSet().getAudience();
  }

  private static void assertError(WireResponse r, String code, String description) {
    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r)).isEqualTo("{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static WireRequest post(String body) {
    String basic = "Basic " + Base64.getEncoder().encodeToString("app:app-secret".getBytes(StandardCharsets.UTF_8));
    return new WireRequest("POST", Map.of("realm", "acme"), WireHeaders.single("Content-Type",
        "application/x-www-form-urlencoded", "Authorization", basic), Map.of(), body.getBytes(StandardCharsets.UTF_8),
        RequestContext.of("c"));
  }

  private static String body(WireResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
