package io.jeton.dialect;

import static io.jeton.dialect.DialectTestEngine.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.c1.C1Dialect;
import io.jeton.dialect.onesait.OnesaitDialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.testkit.TestRealms;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SPEC 3.5 across C1 and onesait on one engine, without a socket: each sees the other's tokens. */
class C1OnesaitOneCoreTest {
  static final String APP =
      "Basic " + Base64.getEncoder().encodeToString("app:app-secret".getBytes(StandardCharsets.UTF_8));

  @Test
  void loginThroughC1_checkRenewRevokeAcrossDialects_allAgree() {
    try (DialectTestEngine t = DialectTestEngine.start()) {
      Realm realm = t.importRealm(new RealmImport(TestRealms.unique(),
          List.of(new ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token"),
              Set.of("read"), Optional.empty())),
          List.of(new UserImport("alice", Optional.of("alice-pw"), true, List.of("ROLE_USER"), Map.of()))));
      C1Dialect c1 = new C1Dialect(t.engine(),
          new DialectMount("c1", true, "", Optional.of(realm.name()), Optional.empty(), Optional.empty()));
      OnesaitDialect onesait = new OnesaitDialect(t.engine(),
          new DialectMount("onesait", true, "/oauth-server", Optional.of(realm.name()), Optional.empty(),
              Optional.empty()));

      JsonNode login = json(c1.login(DialectTestEngine.request("POST",
          "{\"username\":\"alice\",\"password\":\"alice-pw\"}",
          "Authorization", APP, "Content-Type", "application/json")));
      String first = login.get("accessToken").textValue();

      WireResponse checked = onesait.checkToken(query("GET", "token", first));
      assertEquals(200, checked.status());
      JsonNode active = json(checked);
      assertTrue(active.get("active").booleanValue());
      assertEquals("alice", active.get("user_name").textValue());
      assertEquals("app", active.get("client_id").textValue());
      assertEquals(List.of("ROLE_USER"), texts(active.get("authorities")));

      WireResponse renewed = c1.renew(DialectTestEngine.request("POST",
          "{\"refreshToken\":\"" + login.get("refreshToken").textValue() + "\"}",
          "Authorization", APP, "Content-Type", "application/json"));
      assertEquals(200, renewed.status());
      String second = json(renewed).get("accessToken").textValue();
      assertEquals(200, c1.validate(query("GET", "accessToken", second)).status());

      WireResponse revoked = onesait.revokeToken(query("POST", "token", second));
      assertEquals("{\"revoked\":true}", new String(revoked.body(), StandardCharsets.UTF_8));

      for (String token : List.of(first, second)) {
        WireResponse validated = c1.validate(query("GET", "accessToken", token));
        assertEquals(401, validated.status());
        assertEquals("{\"code\":401,\"message\":\"Not authorized\"}",
            new String(validated.body(), StandardCharsets.UTF_8));
        WireResponse inactive = onesait.checkToken(query("GET", "token", token));
        assertEquals(400, inactive.status());
        assertEquals("invalid_token", json(inactive).get("error").textValue());
      }
      WireResponse renewAgain = c1.renew(DialectTestEngine.request("POST",
          "{\"refreshToken\":\"" + json(renewed).get("refreshToken").textValue() + "\"}",
          "Authorization", APP, "Content-Type", "application/json"));
      assertEquals(401, renewAgain.status());
    }
  }

  private static WireRequest query(String method, String name, String value) {
    return new WireRequest(method, Map.of(), WireHeaders.single("Authorization", APP), Map.of(name, List.of(value)),
        new byte[0], RequestContext.of("one-core"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }
}
