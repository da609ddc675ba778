package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.assertAgsError;
import static io.jeton.server.DialectFixture.assertAminoError;
import static io.jeton.server.DialectFixture.assertC1Error;
import static io.jeton.server.DialectFixture.assertOAuthError;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.DialectFixture.claims;
import static io.jeton.server.DialectFixture.ok;
import static io.jeton.server.DialectFixture.send;
import static io.jeton.server.TestNode.FORM;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.UserImport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One core (SPEC 3.5 and issue 3's acceptance): a session started through any dialect is valid in
 * every other. Log in through one API, validate through onesait check_token, C1 validate and
 * standard introspection, refresh through AGS, revoke the session through RFC 7009; afterwards
 * every API agrees that the tokens are dead.
 */
class OneCoreHttpTest {
  private static final String INVALID_TOKEN = "the token is not valid: unknown, expired or revoked";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = DialectFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Tokens(String access, String refresh) {}

  private static String app() {
    return basic("app", "app-secret");
  }

  /** Logs alice in through one API, all for client {@code app} of realm {@code shop}. */
  private static Tokens login(String dialect) {
    return switch (dialect) {
      case "c1" -> {
        JsonNode b = ok(send(node, DialectFixture.request(node, "/auth/login").header("Authorization", app())
            .header("Content-Type", JSON_TYPE)
            .POST(body("{\"username\":\"alice\",\"password\":\"alice-pass\"}"))),
            JSON_TYPE);
        yield new Tokens(b.get("accessToken").textValue(), b.get("refreshToken").textValue());
      }
      case "onesait" -> {
        JsonNode b = ok(send(node, DialectFixture.request(node, "/oauth-server/oauth/token")
            .header("Authorization", app())
            .header("Content-Type", FORM).POST(body(form("grant_type", "password", "username", "alice",
            "password",
                "alice-pass")))), JSON_TYPE);
        yield new Tokens(b.get("access_token").textValue(), b.get("refresh_token").textValue());
      }
      case "ags" -> {
        JsonNode b = ok(send(node, AgsHttpTest.signon(node, "shop", "password",
            AgsHttpTest.params("username", "alice", "password", "alice-pass"))), JSON_TYPE);
        yield new Tokens(b.get("access_token").textValue(), b.get("refresh_token").textValue());
      }
      case "amino" -> {
        JsonNode a = ok(send(node, AminoHttpTest.post(node, AminoHttpTest.LOGIN, JSON_TYPE,
            "{\"username\":\"alice\",\"password\":\"alice-pass\"}")), AminoHttpTest.API_JSON)
            .get("data").get(0).get("attributes");
        yield new Tokens(a.get("access_token").textValue(), a.get("refresh_token").textValue());
      }
      default -> throw new IllegalArgumentException(dialect);
    };
  }

  private static HttpResponse<String> c1Validate(String access) {
    return send(node, DialectFixture.request(node, "/auth/validate?accessToken="
        + URLEncoder.encode(access, StandardCharsets.UTF_8)).header("Authorization", app()).GET());
  }

  private static HttpResponse<String> checkToken(String access) {
    return send(node, DialectFixture.request(node, "/oauth-server/oauth/check_token?token="
        + URLEncoder.encode(access, StandardCharsets.UTF_8))
        .header("Authorization", basic("other", "other-secret"))
        .GET());
  }

  private static HttpResponse<String> agsRefresh(String refresh) {
    return send(node, AgsHttpTest.refresh(node, "shop", "password", refresh,
        AgsHttpTest.params("username", "alice")));
  }

  /** Every API accepts the access token and tells the same story about it. */
  private static void assertValidEverywhere(String access, String sid) {
    JsonNode c = claims(access);
    assertThat(c.get("sid").textValue()).isEqualTo(sid);
    assertThat(c.get("client_id").textValue()).isEqualTo("app");
    JsonNode checked = ok(checkToken(access), JSON_TYPE);
    assertThat(checked.get("active").booleanValue()).isTrue();
    assertThat(checked.get("user_name").textValue()).isEqualTo("alice");
    assertThat(checked.get("client_id").textValue()).isEqualTo("app");
    assertThat(checked.get("jti").textValue()).isEqualTo(c.get("jti").textValue());

    JsonNode validated = ok(c1Validate(access), JSON_TYPE);
    assertThat(validated.get("id").textValue()).isEqualTo(c.get("jti").textValue());
    assertThat(validated.get("requestedBy").textValue()).isEqualTo("app");
    assertThat(validated.get("customerId").textValue()).isEqualTo("c-1");

    JsonNode introspected = node.introspect("shop", access);
    // 'username' comes from the cached user (RFC 7662 section 2.2), as C1's customerId does
    assertThat(TestNode.keys(introspected)).containsExactlyInAnyOrder("active", "scope", "client_id",
        "token_type", "username",
        "exp", "iat", "sub", "aud", "iss", "jti", "sid");
    assertThat(introspected.get("username").textValue()).isEqualTo("alice");
    assertThat(introspected.get("active").booleanValue()).isTrue();
    assertThat(introspected.get("token_type").textValue()).isEqualTo("Bearer");
    for (String claim : new String[] {"scope", "client_id", "exp", "iat", "sub", "aud", "iss", "jti",
        "sid"}) {
      assertThat(introspected.get(claim)).as(claim).isEqualTo(c.get(claim));
    }
  }

  /** Every API refuses the access token, in its own shape, and no API can refresh the session. */
  private static void assertDeadEverywhere(String access, String refresh) {
    assertC1Error(c1Validate(access), 401, "Not authorized", "shop");
    assertOAuthError(checkToken(access), 400, "invalid_token", INVALID_TOKEN, "shop");
    assertThat(node.introspect("shop", access)).isEqualTo(TestNode.parse("{\"active\":false}"));
    assertAgsError(agsRefresh(refresh), 401, "token_revoked", "refresh token has been revoked");
    assertC1Error(send(node, DialectFixture.request(node, "/auth/renew").header("Authorization", app())
        .header("Content-Type", JSON_TYPE).POST(body("{\"refreshToken\":\"" + refresh + "\"}"))), 401,
        "Not authorized",
        "shop");
    assertAminoError(send(node, AminoHttpTest.post(node, AminoHttpTest.TOKEN, FORM,
        form("grant_type", "refresh_token",
        "refresh_token", refresh))), 401, "invalid_grant", "Invalid grant", "refresh token has been revoked");
    assertOAuthError(node.post("shop", "token", "app", "app-secret", form("grant_type", "refresh_token",
        "refresh_token", refresh)), 400, "invalid_grant", "refresh token has been revoked", "shop");
  }

  @ParameterizedTest(name = "login through {0}")
  @ValueSource(strings = {"c1", "ags", "amino", "onesait"})
  void session_loggedInThroughAnyApi_isValidRefreshableAndRevocableEverywhere(String dialect) {
    Tokens first = login(dialect);
    String sid = claims(first.access()).get("sid").textValue();
    assertValidEverywhere(first.access(), sid);

    // refresh through AGS, with the realm's default auth service ('password')
    JsonNode refreshed = ok(agsRefresh(first.refresh()), JSON_TYPE);
    assertThat(refreshed.get("client_id").textValue()).isEqualTo("app");
    assertThat(refreshed.get("accountId").textValue()).isEqualTo("1663");
    Tokens second = new Tokens(refreshed.get("access_token").textValue(),
        refreshed.get("refresh_token").textValue());
    assertValidEverywhere(second.access(), sid);
    // a refresh does not invalidate access tokens already issued (SPEC 1)
    assertValidEverywhere(first.access(), sid);

    // RFC 7009 with the refresh token: the whole session goes
    HttpResponse<String> revoked = node.post("shop", "revoke", "app", "app-secret",
        form("token", second.refresh(), "token_type_hint", "refresh_token"));
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.headers().firstValue("Cache-Control")).contains("no-store");

    assertDeadEverywhere(first.access(), second.refresh());
    assertDeadEverywhere(second.access(), second.refresh());
  }

  @ParameterizedTest(name = "revoke through {0}")
  @ValueSource(strings = {"onesait", "amino"})
  void session_revokedThroughADialect_isDeadEverywhere(String dialect) {
    Tokens t = login("c1");
    HttpResponse<String> r = dialect.equals("onesait")
        ? send(node, DialectFixture.request(node,
        "/oauth-server/openplatform-oauth/revoke_token?token=" + t.access())
            .header("Authorization", app()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()))
        : send(node, AminoHttpTest.delete(node, "Bearer " + t.access()));
    assertThat(r.statusCode()).as(r.body()).isIn(200, 204);
    assertDeadEverywhere(t.access(), t.refresh());
  }

  @Test
  void agsRefresh_tenantHeaderNamingAnotherRealm_doesNotFindTheSession() {
    Tokens t = login("c1");
    assertAgsError(send(node, AgsHttpTest.refresh(node, "brief", "password", t.refresh(),
        AgsHttpTest.params())), 401,
        "invalid_token", "refresh token is invalid");
    // the miss did not use the token: in its own realm it still refreshes
    assertThat(ok(send(node, AgsHttpTest.refresh(node, "shop", "password", t.refresh(),
        AgsHttpTest.params())),
        JSON_TYPE).get("client_id").textValue()).isEqualTo("app");
  }

  @Test
  void refresh_userDisabledAfterLogin_isRefusedByEveryApiInItsOwnShape() {
    RealmImport shop = DialectFixture.imports().get(0);
    node.server.applyImport(List.of(new RealmImport(shop.realm(), List.of(), List.of(
        new UserImport("frank", Optional.of("frank-pass"), true, List.of(), Map.of())))));
    String refresh = ok(send(node, AgsHttpTest.signon(node, "shop", "password",
        AgsHttpTest.params("username", "frank", "password", "frank-pass"))), JSON_TYPE)
        .get("refresh_token").textValue();
    node.server.applyImport(List.of(new RealmImport(shop.realm(), List.of(), List.of(
        new UserImport("frank", Optional.of("frank-pass"), false, List.of(), Map.of())))));

    String gone = "the session's user is disabled or gone";
    assertAgsError(send(node, AgsHttpTest.refresh(node, "shop", "password", refresh, AgsHttpTest.params())),
        403, "user_disabled", gone);
    assertAminoError(send(node, AminoHttpTest.post(node, AminoHttpTest.TOKEN, FORM,
        form("grant_type", "refresh_token", "refresh_token", refresh))), 403, "user_disabled",
        "User disabled",
        gone);
    assertC1Error(send(node, DialectFixture.request(node, "/auth/renew").header("Authorization", app())
        .header("Content-Type", JSON_TYPE).POST(body("{\"refreshToken\":\"" + refresh + "\"}"))), 401,
        "Not authorized", "shop");
    assertOAuthError(send(node, DialectFixture.request(node, "/oauth-server/oauth/token")
        .header("Authorization", app()).header("Content-Type", FORM)
        .POST(body(form("grant_type", "refresh_token", "refresh_token", refresh)))), 400, "invalid_grant",
        gone,
        "shop");
  }
}
