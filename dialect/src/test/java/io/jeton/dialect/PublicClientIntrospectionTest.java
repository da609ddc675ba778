package io.jeton.dialect;

import static io.jeton.dialect.DialectTestEngine.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.c1.C1Dialect;
import io.jeton.dialect.oauth2.Endpoints;
import io.jeton.dialect.onesait.OnesaitDialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.testkit.TestRealms;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review M2 (security review section 5, row 8): a public client, whose id ships inside every SPA
 * and mobile app, scans tokens through RFC 7662 introspection, C1 validate and onesait
 * check_token. Each needs an authenticated confidential client now (SPEC 7), and a refresh token
 * introspects only for the client holding it, never with its stored hash as {@code jti}.
 */
class PublicClientIntrospectionTest {
  static DialectTestEngine t;
  static Realm a;
  static Endpoints standard;
  static C1Dialect c1;
  static OnesaitDialect onesait;
  static JsonNode alice;

  @BeforeAll
  static void start() {
    t = DialectTestEngine.start();
    a = t.importRealm(new RealmImport(TestRealms.unique(),
        List.of(new ClientImport("app", Optional.of("S_a"), Set.of("password", "refresh_token"), Set.of("profile"),
                Optional.empty()),
            new ClientImport("other", Optional.of("S_o"), Set.of("password"), Set.of(), Optional.empty()),
            new ClientImport("spa", Optional.empty(), Set.of("refresh_token"), Set.of(), Optional.empty(), true, 0)),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of("ADMIN"), Map.of()))));
    standard = new Endpoints(t.engine());
    DialectMount bound = new DialectMount("c1", true, "", Optional.of(a.name()), Optional.empty(), Optional.empty());
    c1 = new C1Dialect(t.engine(), bound);
    onesait = new OnesaitDialect(t.engine(), new DialectMount("onesait", true, "/oauth-server", Optional.of(a.name()),
        Optional.empty(), Optional.empty()));
    WireResponse login = standard.token(form(Optional.of(basic("app", "S_a")),
        "grant_type=password&username=alice&password=alice-pass"));
    assertThat(login.status()).isEqualTo(200);
    alice = json(login);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void introspect_publicClientWithClientIdOnly_is401InvalidClient() {
    WireResponse r = standard.introspect(form(Optional.empty(),
        "client_id=spa&token=" + alice.get("access_token").textValue()));
    assertThat(r.status()).isEqualTo(401);
    assertThat(json(r).get("error").textValue()).isEqualTo("invalid_client");
    assertThat(json(r).has("active")).isFalse();
  }

  @Test
  void c1Validate_publicClientWithEmptySecret_is401NotAuthorized() {
    WireResponse r = c1.validate(new WireRequest("GET", Map.of(), WireHeaders.single("Authorization",
        basic("spa", "")), Map.of("accessToken", List.of(alice.get("access_token").textValue())), new byte[0],
        RequestContext.of("t")));
    assertThat(r.status()).isEqualTo(401);
    assertThat(text(r)).isEqualTo("{\"code\":401,\"message\":\"Not authorized\"}");
  }

  @Test
  void onesaitCheckToken_publicClientWithEmptySecret_is401InvalidClient() {
    WireResponse r = onesait.checkToken(new WireRequest("GET", Map.of(), WireHeaders.single("Authorization",
        basic("spa", "")), Map.of("token", List.of(alice.get("access_token").textValue())), new byte[0],
        RequestContext.of("t")));
    assertThat(r.status()).isEqualTo(401);
    assertThat(json(r).get("error").textValue()).isEqualTo("invalid_client");
  }

  @Test
  void introspect_refreshTokenByAnotherConfidentialClient_isInactive() {
    WireResponse r = standard.introspect(form(Optional.of(basic("other", "S_o")),
        "token=" + alice.get("refresh_token").textValue()));
    assertThat(text(r)).isEqualTo("{\"active\":false}");
  }

  @Test
  void introspect_refreshTokenByItsHolder_isActiveWithoutTheStoredHash() {
    WireResponse r = standard.introspect(form(Optional.of(basic("app", "S_a")),
        "token=" + alice.get("refresh_token").textValue()));
    JsonNode b = json(r);
    assertThat(b.get("active").booleanValue()).isTrue();
    assertThat(b.has("jti")).isFalse();
    assertThat(b.get("username").textValue()).isEqualTo("alice");
  }

  @Test
  void introspect_confidentialClient_seesTheAccessTokenWithItsUsername() {
    WireResponse r = standard.introspect(form(Optional.of(basic("other", "S_o")),
        "token=" + alice.get("access_token").textValue()));
    JsonNode b = json(r);
    assertThat(b.get("active").booleanValue()).isTrue();
    assertThat(b.get("username").textValue()).isEqualTo("alice");
  }

  static WireRequest form(Optional<String> authorization, String body) {
    WireHeaders headers = authorization
        .map(h -> WireHeaders.single("Authorization", h, "Content-Type", "application/x-www-form-urlencoded"))
        .orElseGet(() -> WireHeaders.single("Content-Type", "application/x-www-form-urlencoded"));
    return WireRequest.post(Map.of(Endpoints.REALM, a.name().value()), headers,
        body.getBytes(StandardCharsets.UTF_8));
  }

  static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static String text(WireResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
