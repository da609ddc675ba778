package io.jeton.server;

import static io.jeton.server.AdminFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Realms, clients and users through the admin API (SPEC 11 {@code realm}, {@code client}, {@code user}). */
class AdminDirectoryHttpTest {
  private static AdminFixture admin;
  private static String token;

  @BeforeAll
  static void start() {
    admin = AdminFixture.start();
    token = admin.adminToken();
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  // ---------------------------------------------------------------- realms

  @Test
  void createRealm_answers201WithLocationAndTheRealm() {
    HttpResponse<String> r = admin.post("/admin/realms", token,
        "{\"name\": \"made\", \"issuerName\": \"made-issuer\", \"accessTokenTtl\": 600, "
            + "\"signingAlgorithm\": \"RS256\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/admin/realms/made");
    JsonNode realm = TestNode.json(r);
    assertThat(realm.get("name").asText()).isEqualTo("made");
    assertThat(realm.get("issuer").asText()).isEqualTo(admin.node.issuer("made"));
    assertThat(realm.get("issuerName").asText()).isEqualTo("made-issuer");
    assertThat(realm.get("accessTokenTtl").asLong()).isEqualTo(600);
    assertThat(realm.get("refreshTokenTtl").asLong()).isEqualTo(604800);
    assertThat(realm.get("signingAlgorithm").asText()).isEqualTo("RS256");
    assertThat(TestNode.json(admin.get("/admin/realms/made", token))).isEqualTo(realm);
  }

  @Test
  void createRealm_twice_is409DuplicateRealm() {
    assertThat(admin.post("/admin/realms", token, "{\"name\": \"twice\"}").statusCode()).isEqualTo(201);

    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"twice\"}"), 409, "duplicate_realm",
        "realm 'twice' exists already");
  }

  @Test
  void createRealm_badBodies_are400WithTheField() {
    assertProblem(admin.post("/admin/realms", token, "{}"), 400, "invalid_request", "field 'name' is required");
    assertThat(assertProblem(admin.post("/admin/realms", token, "{\"name\": \"x1\", \"colour\": \"red\"}"), 400,
        "invalid_request", null).get("detail").asText()).startsWith("unknown field 'colour'");
    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"x2\", \"accessTokenTtl\": \"60\"}"), 400,
        "invalid_request", "field 'accessTokenTtl': expected an integer");
    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"x3\", \"accessTokenTtl\": 1.5}"), 400,
        "invalid_request", null);
    assertProblem(admin.post("/admin/realms", token, "{\"name\": 7}"), 400, "invalid_request",
        "field 'name': expected a string");
    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"x4\", \"name\": \"x5\"}"), 400,
        "invalid_request", null);
    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"x6\"} {}"), 400, "invalid_request", null);
    assertProblem(admin.post("/admin/realms", token, "[\"x7\"]"), 400, "invalid_request",
        "the body must be one JSON object");
    assertProblem(admin.post("/admin/realms", token, "{\"name\": "), 400, "invalid_request", null);
    assertProblem(admin.post("/admin/realms", token, "null"), 400, "invalid_request", null);
    assertProblem(admin.post("/admin/realms", token, ""), 400, "invalid_request",
        "the request needs a JSON object as its body");
    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"has space\"}"), 400, "invalid_request",
        "realm name 'has space': realm name 'has space' may hold only letters, digits, '-', '_' and '.'");
    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"x8\", \"signingAlgorithm\": \"none\"}"), 400,
        "invalid_request", null);
    assertProblem(admin.post("/admin/realms", token, "{\"name\": \"x9\", \"refreshReuseGrace\": 600}"), 400,
        "invalid_request", null);
    // nothing of a refused body was stored
    for (String name : List.of("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9")) {
      assertThat(admin.get("/admin/realms/" + name, token).statusCode()).as(name).isEqualTo(404);
    }
  }

  @Test
  void createRealm_notJson_is415() {
    HttpResponse<String> r = admin.node.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(admin.node.base() + "/admin/realms"))
        .header("Authorization", "Bearer " + token).header("Content-Type", TestNode.FORM)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=form")).build());

    assertProblem(r, 415, "unsupported_media_type",
        "the body must be application/json, not 'application/x-www-form-urlencoded'");
  }

  @Test
  void listRealms_pagesInNameOrder() {
    List<String> names = new ArrayList<>();
    String after = null;
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = admin.get("/admin/realms?limit=2" + (after == null ? "" : "&after=" + after), token);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = TestNode.json(r);
      assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
      page.get("items").forEach(x -> names.add(x.get("name").asText()));
      if (page.get("next").isNull()) {
        break;
      }
      after = page.get("next").asText();
    }

    assertThat(names).contains("acme", "ops", "short").isSorted().doesNotHaveDuplicates();
  }

  @Test
  void listRealms_badQuery_is400() {
    assertProblem(admin.get("/admin/realms?limit=0", token), 400, "invalid_request",
        "query parameter 'limit' must be an integer from 1 to 1000, got '0'");
    assertProblem(admin.get("/admin/realms?limit=1001", token), 400, "invalid_request", null);
    assertProblem(admin.get("/admin/realms?limit=ten", token), 400, "invalid_request", null);
    assertProblem(admin.get("/admin/realms?colour=red", token), 400, "invalid_request",
        "unknown query parameter 'colour' (known: limit, after)");
    assertProblem(admin.get("/admin/realms?limit=1&limit=2", token), 400, "invalid_request",
        "query parameter 'limit' is given more than once");
  }

  @Test
  void showRealm_unknown_is404() {
    assertProblem(admin.get("/admin/realms/nowhere", token), 404, "unknown_realm", "no realm 'nowhere'");
    assertProblem(admin.get("/admin/realms/not%20a%20name", token), 404, "unknown_realm", "no realm 'not a name'");
  }

  @Test
  void deleteRealm_removesIt_andItsTokensStopWorking() {
    assertThat(admin.post("/admin/realms", token, "{\"name\": \"doomed\"}").statusCode()).isEqualTo(201);
    assertThat(admin.post("/admin/realms/doomed/clients", token, "{\"id\": \"c\"}").statusCode()).isEqualTo(201);

    HttpResponse<String> r = admin.delete("/admin/realms/doomed", token);

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertProblem(admin.get("/admin/realms/doomed", token), 404, "unknown_realm", "no realm 'doomed'");
    assertProblem(admin.delete("/admin/realms/doomed", token), 404, "unknown_realm", "no realm 'doomed'");
  }

  // ---------------------------------------------------------------- clients

  @Test
  void createClient_answersTheSecretOnce_andTheSecretWorks() {
    HttpResponse<String> r = admin.post("/admin/realms/acme/clients", token,
        "{\"id\": \"billing\", \"grants\": [\"client_credentials\"], \"scopes\": [\"invoices:read\"]}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/admin/realms/acme/clients/billing");
    JsonNode made = TestNode.json(r);
    String secret = made.get("secret").asText();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
    assertThat(made.get("client").get("id").asText()).isEqualTo("billing");
    assertThat(made.get("client").get("public").asBoolean()).isFalse();
    assertThat(made.get("client").get("scopes")).hasSize(1);
    HttpResponse<String> tokenResponse = admin.node.post("acme", "token", "billing", secret,
        TestNode.form("grant_type", "client_credentials"));
    assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);

    HttpResponse<String> shown = admin.get("/admin/realms/acme/clients/billing", token);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).doesNotContain(secret).doesNotContain("secret");
    assertThat(TestNode.json(shown)).isEqualTo(made.get("client"));
  }

  @Test
  void createClient_twice_is409DuplicateClient() {
    assertThat(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"dup\"}").statusCode()).isEqualTo(201);

    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"dup\"}"), 409, "duplicate_client",
        "client 'dup' exists already in realm 'acme'");
    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"app\"}"), 409, "duplicate_client",
        "client 'app' exists already in realm 'acme'");
  }

  @Test
  void createClient_inUnknownRealm_is404() {
    assertProblem(admin.post("/admin/realms/nowhere/clients", token, "{\"id\": \"x\"}"), 404, "unknown_realm",
        "no realm 'nowhere'");
  }

  @Test
  void createClient_badInput_is400() {
    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"g\", \"grants\": [\"magic\"]}"), 400,
        "invalid_request", "realm 'acme': client 'g': unknown grant 'magic'");
    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"g\", \"grants\": \"password\"}"), 400,
        "invalid_request", "field 'grants': expected an array");
    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"g\", \"public\": \"yes\"}"), 400,
        "invalid_request", "field 'public': expected true or false");
    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"grants\": []}"), 400, "invalid_request",
        "field 'id' is required");
    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"\"}"), 400, "invalid_request", null);
    assertProblem(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"a\\u0000b\"}"), 400, "invalid_request",
        null);
    assertThat(admin.get("/admin/realms/acme/clients/g", token).statusCode()).isEqualTo(404);
  }

  @Test
  void createPublicClient_hasNoSecret() {
    HttpResponse<String> r = admin.post("/admin/realms/acme/clients", token,
        "{\"id\": \"spa\", \"public\": true, \"redirectUris\": [\"https://spa.example.com/cb\"]}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(TestNode.json(r).get("secret").isNull()).isTrue();
    assertThat(TestNode.json(r).get("client").get("public").asBoolean()).isTrue();
    assertProblem(admin.post("/admin/realms/acme/clients/spa/rotate-secret", token, null), 400, "invalid_request",
        "client 'spa' in realm 'acme' is public: it has no secret");
  }

  @Test
  void clientIdWithASlash_staysOneSegment() {
    HttpResponse<String> r = admin.post("/admin/realms/acme/clients", token, "{\"id\": \"team/app\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/admin/realms/acme/clients/team%2Fapp");

    assertThat(TestNode.json(admin.get("/admin/realms/acme/clients/team%2Fapp", token)).get("id").asText())
        .isEqualTo("team/app");
    assertProblem(admin.get("/admin/realms/acme/clients/team/app", token), 404, "not_found", null);
  }

  @Test
  void listClients_pages_andShowUnknownIs404() {
    JsonNode page = TestNode.json(admin.get("/admin/realms/rs/clients?limit=2", token));
    assertThat(page.get("items")).hasSize(2);
    JsonNode next = TestNode.json(admin.get("/admin/realms/rs/clients?limit=1000&after="
        + page.get("next").asText(), token));
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(c -> ids.add(c.get("id").asText()));
    next.get("items").forEach(c -> ids.add(c.get("id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("app", "other", "ccOnly", "certBound", "pub").isSorted();
    assertThat(next.get("next").isNull()).isTrue();

    assertProblem(admin.get("/admin/realms/rs/clients/nobody", token), 404, "unknown_client",
        "no client 'nobody' in realm 'rs'");
    assertProblem(admin.get("/admin/realms/nowhere/clients", token), 404, "unknown_realm", "no realm 'nowhere'");
  }

  @Test
  void deleteClient_removesIt_andItsTokensBecomeInactive() {
    JsonNode made = TestNode.json(admin.post("/admin/realms/acme/clients", token,
        "{\"id\": \"gone\", \"grants\": [\"password\"]}"));
    String secret = made.get("secret").asText();
    HttpResponse<String> login = admin.node.post("acme", "token", "gone", secret,
        TestNode.form("grant_type", "password", "username", "alice", "password", "alice-pass"));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String access = TestNode.json(login).get("access_token").asText();

    assertThat(admin.delete("/admin/realms/acme/clients/gone", token).statusCode()).isEqualTo(204);

    assertProblem(admin.get("/admin/realms/acme/clients/gone", token), 404, "unknown_client",
        "no client 'gone' in realm 'acme'");
    assertProblem(admin.delete("/admin/realms/acme/clients/gone", token), 404, "unknown_client",
        "no client 'gone' in realm 'acme'");
    assertThat(admin.node.introspect("acme", access).get("active").asBoolean()).isFalse();
  }

  @Test
  void rotateSecret_answersANewSecret_andTheOldStopsWorking() {
    String old = TestNode.json(admin.post("/admin/realms/acme/clients", token, "{\"id\": \"rot\"}"))
        .get("secret").asText();

    HttpResponse<String> r = admin.post("/admin/realms/acme/clients/rot/rotate-secret", token, null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String fresh = TestNode.json(r).get("secret").asText();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(admin.node.post("acme", "token", "rot", fresh, TestNode.form("grant_type", "client_credentials"))
        .statusCode()).isEqualTo(200);
    assertThat(admin.node.post("acme", "token", "rot", old, TestNode.form("grant_type", "client_credentials"))
        .statusCode()).isEqualTo(401);
    assertProblem(admin.post("/admin/realms/acme/clients/rot/rotate-secret", token, "{}"), 400, "invalid_request",
        "this route takes no request body");
    assertProblem(admin.post("/admin/realms/acme/clients/none/rotate-secret", token, null), 404, "unknown_client",
        "no client 'none' in realm 'acme'");
  }

  // ---------------------------------------------------------------- users

  @Test
  void createUser_answers201_withoutThePassword_andTheUserCanLogIn() {
    HttpResponse<String> r = admin.post("/admin/realms/acme/users", token,
        "{\"username\": \"carol\", \"password\": \"carol-pass-1\", \"roles\": [\"OPS\"], "
            + "\"attributes\": {\"customerId\": \"c-9\"}}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/admin/realms/acme/users/carol");
    assertThat(r.body()).doesNotContain("carol-pass-1");
    JsonNode user = TestNode.json(r);
    assertThat(user.get("username").asText()).isEqualTo("carol");
    assertThat(user.get("enabled").asBoolean()).isTrue();
    assertThat(user.get("hasPassword").asBoolean()).isTrue();
    assertThat(user.get("roles").get(0).asText()).isEqualTo("OPS");
    assertThat(user.get("attributes").get("customerId").asText()).isEqualTo("c-9");
    assertThat(TestNode.json(admin.get("/admin/realms/acme/users/carol", token))).isEqualTo(user);
    HttpResponse<String> login = admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", "carol", "password", "carol-pass-1"));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
  }

  @Test
  void createUser_twice_is409_andBadBodiesAre400() {
    assertThat(admin.post("/admin/realms/acme/users", token, "{\"username\": \"dan\"}").statusCode()).isEqualTo(201);

    assertProblem(admin.post("/admin/realms/acme/users", token, "{\"username\": \"dan\"}"), 409, "duplicate_user",
        "user 'dan' exists already in realm 'acme'");
    assertProblem(admin.post("/admin/realms/acme/users", token, "{\"username\": \"e\", \"attributes\": [1]}"), 400,
        "invalid_request", "field 'attributes': expected an object");
    assertProblem(admin.post("/admin/realms/acme/users", token, "{\"username\": \"e\", \"attributes\": {\"a\": 1}}"),
        400, "invalid_request", null);
    assertProblem(admin.post("/admin/realms/acme/users", token, "{\"username\": \"e\", \"enabled\": 1}"), 400,
        "invalid_request", "field 'enabled': expected true or false");
    assertProblem(admin.post("/admin/realms/acme/users", token, "{\"password\": \"p\"}"), 400, "invalid_request",
        "field 'username' is required");
    assertProblem(admin.post("/admin/realms/nowhere/users", token, "{\"username\": \"e\"}"), 404, "unknown_realm",
        "no realm 'nowhere'");
    assertThat(admin.get("/admin/realms/acme/users/e", token).statusCode()).isEqualTo(404);
  }

  @Test
  void listUsers_pagesInUsernameOrder() {
    JsonNode page = TestNode.json(admin.get("/admin/realms/ed/users?limit=1", token));
    assertThat(page.get("items")).hasSize(1);
    assertThat(page.get("items").get(0).get("username").asText()).isEqualTo("alice");
    JsonNode next = TestNode.json(admin.get("/admin/realms/ed/users?after=" + page.get("next").asText(), token));
    assertThat(next.get("items").get(0).get("username").asText()).isEqualTo("bob");
    assertThat(next.get("items").get(0).get("enabled").asBoolean()).isFalse();
    assertThat(next.get("next").isNull()).isTrue();
  }

  @Test
  void deleteUser_removesIt_andItsTokensBecomeInactive() {
    admin.post("/admin/realms/acme/users", token, "{\"username\": \"erin\", \"password\": \"erin-pass-1\"}");
    HttpResponse<String> login = admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", "erin", "password", "erin-pass-1"));
    String access = TestNode.json(login).get("access_token").asText();

    assertThat(admin.delete("/admin/realms/acme/users/erin", token).statusCode()).isEqualTo(204);

    assertProblem(admin.get("/admin/realms/acme/users/erin", token), 404, "unknown_user",
        "no user 'erin' in realm 'acme'");
    assertProblem(admin.delete("/admin/realms/acme/users/erin", token), 404, "unknown_user",
        "no user 'erin' in realm 'acme'");
    assertThat(admin.node.introspect("acme", access).get("active").asBoolean()).isFalse();
  }

  @Test
  void setPassword_replacesIt() {
    admin.post("/admin/realms/acme/users", token, "{\"username\": \"fay\", \"password\": \"fay-old-1\"}");

    HttpResponse<String> r = admin.put("/admin/realms/acme/users/fay/password", token,
        "{\"password\": \"fay-new-1\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", "fay", "password", "fay-new-1")).statusCode())
        .isEqualTo(200);
    assertThat(admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", "fay", "password", "fay-old-1")).statusCode())
        .isEqualTo(400);
    assertProblem(admin.put("/admin/realms/acme/users/fay/password", token, "{}"), 400, "invalid_request",
        "field 'password' is required");
    assertProblem(admin.put("/admin/realms/acme/users/fay/password", token, "{\"password\": \"\"}"), 400,
        "invalid_request", "the new password of user 'fay' is empty");
    assertProblem(admin.put("/admin/realms/acme/users/nobody/password", token, "{\"password\": \"p-1\"}"), 404,
        "unknown_user", "no user 'nobody' in realm 'acme'");
    assertProblem(admin.post("/admin/realms/acme/users/fay/password", token, "{\"password\": \"p-1\"}"), 405,
        "method_not_allowed", "method POST is not allowed here; use PUT");
  }

  @Test
  void unlock_liftsALockout() {
    admin.post("/admin/realms/acme/users", token, "{\"username\": \"gus\", \"password\": \"gus-pass-1\"}");
    for (int i = 0; i < 5; i++) {
      admin.node.post("acme", "token", "app", "app-secret",
          TestNode.form("grant_type", "password", "username", "gus", "password", "wrong-" + i));
    }
    assertThat(admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", "gus", "password", "gus-pass-1")).statusCode())
        .isEqualTo(400);

    HttpResponse<String> r = admin.post("/admin/realms/acme/users/gus/unlock", token, null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestNode.json(r).get("unlocked").asBoolean()).isTrue();
    assertThat(admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", "gus", "password", "gus-pass-1")).statusCode())
        .isEqualTo(200);
    assertThat(TestNode.json(admin.post("/admin/realms/acme/users/gus/unlock", token, null)).get("unlocked")
        .asBoolean()).isFalse();
    assertProblem(admin.post("/admin/realms/acme/users/nobody/unlock", token, null), 404, "unknown_user",
        "no user 'nobody' in realm 'acme'");
  }
}
