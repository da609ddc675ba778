package io.jeton.dialect.oauth2;

import static io.jeton.dialect.DialectTestEngine.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.KeyPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.DialectTestEngine;
import io.jeton.dialect.DialectTestEngine.TestClock;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
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

/** The oauth2 endpoints on a real engine and H2 store, without a socket; time moves by a test clock. */
class EndpointsTest {
  private final TestClock clock = new TestClock();
  private DialectTestEngine t;
  private Endpoints endpoints;

  @BeforeEach
  void start() {
    t = DialectTestEngine.start(clock);
    Realm realm = new Realm(new RealmName("acme"), null, Optional.empty(), Duration.ofSeconds(300), null, null,
        Duration.ofSeconds(10), null, null);
    t.importRealm(new RealmImport(realm,
        List.of(new ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token",
            "client_credentials"), Set.of("read"), Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()))));
    endpoints = new Endpoints(t.engine());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static WireRequest post(String body) {
    String basic = "Basic " + Base64.getEncoder().encodeToString("app:app-secret".getBytes(StandardCharsets.UTF_8));
    return new WireRequest("POST", Map.of("realm", "acme"), WireHeaders.single("Content-Type",
        "application/x-www-form-urlencoded", "Authorization", basic), Map.of(), body.getBytes(StandardCharsets.UTF_8),
        RequestContext.of("c"));
  }

  private JsonNode login() {
    WireResponse r = endpoints.token(post("grant_type=password&username=alice&password=alice-pass"));
    assertThat(r.status()).isEqualTo(200);
    return json(r);
  }

  @Test
  void token_clientCredentials_rendersRfc6749Response() {
    WireResponse r = endpoints.token(post("grant_type=client_credentials"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).isEqualTo(WireResponse.NO_STORE_JSON);
    assertThat(DialectTestEngine.fieldNames(json(r)))
        .containsExactly("access_token", "token_type", "expires_in", "scope");
    assertThat(json(r).get("expires_in").asLong()).isEqualTo(300);
  }

  @Test
  void introspect_afterExpiry_isInactive() {
    String at = login().get("access_token").asText();
    assertThat(json(endpoints.introspect(post("token=" + at))).get("active").asBoolean()).isTrue();
    clock.advance(Duration.ofSeconds(301));
    assertThat(new String(endpoints.introspect(post("token=" + at)).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"active\":false}");
  }

  @Test
  void refresh_retryInsideGrace_returnsSameToken_afterGrace_revokesSession() {
    JsonNode first = login();
    String rt1 = first.get("refresh_token").asText();
    String rt2 = json(endpoints.token(post("grant_type=refresh_token&refresh_token=" + rt1))).get("refresh_token")
        .asText();
    clock.advance(Duration.ofSeconds(9));
    assertThat(json(endpoints.token(post("grant_type=refresh_token&refresh_token=" + rt1))).get("refresh_token")
        .asText()).isEqualTo(rt2);
    clock.advance(Duration.ofSeconds(2));
    WireResponse reuse = endpoints.token(post("grant_type=refresh_token&refresh_token=" + rt1));
    assertThat(reuse.status()).isEqualTo(400);
    assertThat(json(reuse).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(json(endpoints.introspect(post("token=" + first.get("access_token").asText()))).get("active")
        .asBoolean()).isFalse();
  }

  @Test
  void revoke_unknownToken_is200Empty() {
    WireResponse r = endpoints.revoke(post("token=unknown"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void jwksAndMetadata_renderForRealm() {
    WireRequest get = new WireRequest("GET", Map.of("realm", "acme"), null, null, null, null);
    WireResponse jwks = endpoints.jwks(get);
    assertThat(jwks.header("Content-Type")).isEqualTo("application/jwk-set+json");
    assertThat(json(jwks).get("keys").size()).isEqualTo(1);
    assertThat(json(endpoints.metadata(get)).get("issuer").asText()).isEqualTo("http://localhost:8080/realms/acme");
  }

  /** SPEC 10: "JWKS responses carry Cache-Control: max-age no longer than keyPublishSeconds". */
  @Test
  void jwks_cacheControl_isHalfTheRealmsKeyPublishSecondsAndAtMost300() {
    t.importRealm(new RealmImport(new Realm(new RealmName("quick"), null, Optional.empty(), null, null, null, null,
        null, null).withKeyPolicy(new KeyPolicy(Duration.ofDays(1), Duration.ofSeconds(41))), List.of(), List.of()));
    t.importRealm(new RealmImport(new Realm(new RealmName("slow"), null, Optional.empty(), null, null, null, null,
        null, null).withKeyPolicy(new KeyPolicy(Duration.ofDays(30), Duration.ofDays(1))), List.of(), List.of()));

    assertThat(jwksOf("acme").header("Cache-Control")).as("default 600 s").isEqualTo("public, max-age=300");
    assertThat(jwksOf("quick").header("Cache-Control")).isEqualTo("public, max-age=20");
    assertThat(jwksOf("slow").header("Cache-Control")).isEqualTo("public, max-age=300");
  }

  @Test
  void jwks_afterARotation_publishesTheNewKeyAKeyPublishSecondsBeforeTokensCarryIt() throws Exception {
    Realm acme = t.engine().realm("acme").orElseThrow();
    String old = kidOf(login().get("access_token").asText());

    String next = t.engine().rotateKeys(acme, false).kid();

    assertThat(json(jwksOf("acme")).get("keys").findValuesAsText("kid")).containsExactly(old, next);
    assertThat(kidOf(login().get("access_token").asText())).isEqualTo(old);
    clock.advance(acme.keyPolicy().publish());
    assertThat(kidOf(login().get("access_token").asText())).isEqualTo(next);
  }

  private WireResponse jwksOf(String realm) {
    WireResponse r = endpoints.jwks(new WireRequest("GET", Map.of("realm", realm), null, null, null, null));
    assertThat(r.status()).isEqualTo(200);
    return r;
  }

  private static String kidOf(String jwt) throws Exception {
    return com.nimbusds.jwt.SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  @Test
  void unknownRealmAndWrongMethod_areRefusedBeforeTheEngine() {
    WireRequest other = new WireRequest("POST", Map.of("realm", "nope"), null, null, null, null);
    assertThat(endpoints.token(other).status()).isEqualTo(404);
    WireRequest get = new WireRequest("GET", Map.of("realm", "acme"), null, null, null, null);
    assertThat(endpoints.token(get).status()).isEqualTo(405);
    assertThat(endpoints.introspect(get).header("Allow")).isEqualTo("POST");
    assertThat(endpoints.jwks(post("")).status()).isEqualTo(405);
  }

  @Test
  void routes_coverEveryEndpoint() {
    assertThat(endpoints.name()).isEqualTo("oauth2");
    assertThat(endpoints.routes()).extracting(r -> r.path()).containsExactly(
        "/realms/{realm}/oauth2/token", "/realms/{realm}/oauth2/introspect", "/realms/{realm}/oauth2/revoke",
        "/realms/{realm}/oauth2/jwks", "/.well-known/oauth-authorization-server/realms/{realm}",
        "/realms/{realm}/.well-known/oauth-authorization-server", "/realms/{realm}/.well-known/openid-configuration");
  }
}
