package io.jeton.dialect;

import static io.jeton.dialect.DialectTestEngine.json;
import static io.jeton.dialect.DialectTestEngine.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.ags.AgsDialect;
import io.jeton.dialect.amino.AminoDialect;
import io.jeton.dialect.oauth2.Endpoints;
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
 * SPEC 3.5 for AGS and Amino on one engine, without a socket: a session started through either is
 * refreshed through the other, seen by standard introspection, and revoked through RFC 7009 or
 * Amino's logout for all of them at once. Both mounts name the same client.
 */
class AgsAminoOneCoreTest {
  static final String CLIENT = "tv-app";
  static final String SECRET = "tv-app-secret";

  static DialectTestEngine t;
  static Engine engine;
  static Realm realm;
  static String tenant;
  static AgsDialect ags;
  static AminoDialect amino;
  static Endpoints standard;

  @BeforeAll
  static void start() {
    t = DialectTestEngine.start();
    engine = t.engine();
    realm = t.importRealm(new RealmImport(TestRealms.realm().dialectClient("ags", CLIENT).build(),
        List.of(new ClientImport(CLIENT, Optional.of(SECRET), Set.of("password", "refresh_token"), Set.of(),
            Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(),
            Map.of("accountId", "1663", "userId", "1234")))));
    tenant = realm.name().value();
    ags = new AgsDialect(engine, new DialectMount("ags", true, "/ags", Optional.empty(), Optional.of("nv-tenant-id"),
        Optional.of(ClientId.of(CLIENT))));
    amino = new AminoDialect(engine, new DialectMount("amino", true, "/amino", Optional.of(realm.name()),
        Optional.empty(), Optional.of(ClientId.of(CLIENT))));
    standard = new Endpoints(engine);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static JsonNode ok(WireResponse r) {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return json(r);
  }

  static WireResponse agsRefresh(String refreshToken) {
    return ags.refresh(request("POST", "{\"parameters\":[{\"name\":\"username\",\"value\":\"alice\"}]}",
        "Content-Type", "application/json", "nv-tenant-id", tenant, "x-auth-service-id", "password",
        "Authorization", refreshToken));
  }

  static WireResponse aminoRefresh(String refreshToken) {
    return amino.token(request("POST", "grant_type=refresh_token&refresh_token=" + refreshToken,
        "Content-Type", "application/x-www-form-urlencoded"));
  }

  static WireResponse standardCall(String endpoint, String token) {
    String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    WireRequest in = new WireRequest("POST", Map.of(Endpoints.REALM, tenant), WireHeaders.single(
        "Content-Type", "application/x-www-form-urlencoded", "Authorization", basic), Map.of(),
        ("token=" + token).getBytes(StandardCharsets.UTF_8), RequestContext.of("one-core"));
    return endpoint.equals("revoke") ? standard.revoke(in) : standard.introspect(in);
  }

  @Test
  void agsSignon_aminoRefresh_standardRevoke_thenAgsRefreshIs401() {
    JsonNode signon = ok(ags.signon(request("POST",
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"alice\"},{\"name\":\"password\",\"value\":\"alice-pass\"}]}",
        "Content-Type", "application/json", "nv-tenant-id", tenant, "x-auth-service-id", "password")));
    String sid = engine.validateAccessToken(realm, signon.get("access_token").textValue()).orElseThrow()
        .sessionId().orElseThrow().value();

    JsonNode refreshed = ok(aminoRefresh(signon.get("refresh_token").textValue())).get("data").get(0);
    assertThat(refreshed.get("id").textValue()).isEqualTo(sid);
    assertThat(refreshed.get("attributes").get("user_id").longValue()).isEqualTo(1234);
    String aminoAccess = refreshed.get("attributes").get("access_token").textValue();
    String aminoRefreshToken = refreshed.get("attributes").get("refresh_token").textValue();
    JsonNode introspection = ok(standardCall("introspect", aminoAccess));
    assertThat(introspection.get("active").booleanValue()).isTrue();
    assertThat(introspection.get("sid").textValue()).isEqualTo(sid);
    assertThat(introspection.get("client_id").textValue()).isEqualTo(CLIENT);

    assertThat(standardCall("revoke", aminoRefreshToken).status()).isEqualTo(200);

    WireResponse after = agsRefresh(aminoRefreshToken);
    assertThat(after.status()).isEqualTo(401);
    assertThat(json(after).get("code").textValue()).isEqualTo("token_revoked");
    assertThat(ok(standardCall("introspect", aminoAccess)).get("active").booleanValue()).isFalse();
    assertThat(ok(standardCall("introspect", signon.get("access_token").textValue())).get("active").booleanValue())
        .isFalse();
    assertThat(amino.session(request("DELETE", "", "Authorization", "Bearer " + aminoAccess)).status()).isEqualTo(401);
  }

  @Test
  void aminoLogin_agsRefresh_works_thenAminoLogoutEndsItForAgs() {
    JsonNode login = ok(amino.login(request("POST", "{\"username\":\"alice\",\"password\":\"alice-pass\"}",
        "Content-Type", "application/json"))).get("data").get(0);
    JsonNode refreshed = ok(agsRefresh(login.get("attributes").get("refresh_token").textValue()));
    assertThat(refreshed.get("client_id").textValue()).isEqualTo(CLIENT);
    assertThat(refreshed.get("accountId").textValue()).isEqualTo("1663");
    String agsAccess = refreshed.get("access_token").textValue();
    assertThat(engine.validateAccessToken(realm, agsAccess).orElseThrow().sessionId().orElseThrow().value())
        .isEqualTo(login.get("id").textValue());

    assertThat(amino.session(request("DELETE", "", "Authorization", "Bearer " + agsAccess)).status()).isEqualTo(204);

    WireResponse after = agsRefresh(refreshed.get("refresh_token").textValue());
    assertThat(after.status()).isEqualTo(401);
    assertThat(json(after).get("code").textValue()).isEqualTo("token_revoked");
    assertThat(ok(standardCall("introspect", agsAccess)).get("active").booleanValue()).isFalse();
  }
}
