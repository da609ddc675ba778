package io.jeton.server;

import static io.jeton.server.AdminFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Export and import through the admin API (SPEC 11 {@code export}, {@code import}). */
class AdminTransferHttpTest {
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

  @Test
  void export_thenDelete_thenImport_givesBackTheRealm_withoutAnyPlaintextSecret() {
    assertThat(admin.post("/admin/realms", token, "{\"name\": \"trip\", \"accessTokenTtl\": 900}").statusCode())
        .isEqualTo(201);
    String secret = TestNode.json(admin.post("/admin/realms/trip/clients", token,
        "{\"id\": \"svc\", \"grants\": [\"password\", \"client_credentials\"], \"scopes\": [\"read\"]}"))
        .get("secret").asText();
    admin.post("/admin/realms/trip/clients", token, "{\"id\": \"spa\", \"public\": true, "
        + "\"redirectUris\": [\"https://spa.example.com/cb\"]}");
    admin.post("/admin/realms/trip/users", token, "{\"username\": \"lea\", \"password\": \"lea-pass-1\", "
        + "\"roles\": [\"R\"], \"attributes\": {\"customerId\": \"c-7\"}}");
    JsonNode before = state("trip");

    HttpResponse<String> export = admin.get("/admin/export?realm=trip", token);

    assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
    assertThat(export.body()).doesNotContain(secret).doesNotContain("lea-pass-1");
    assertThat(export.headers().firstValue("Content-Type")).contains("application/yaml");
    JsonNode realms = AdminFixture.yaml(export).get("realms");
    assertThat(realms).hasSize(1);
    assertThat(realms.get(0).get("name").asText()).isEqualTo("trip");
    assertThat(realms.get(0).get("clients")).hasSize(2);
    assertThat(realms.get(0).get("users").get(0).get("passwordHash").asText()).startsWith("$argon2id$");

    assertThat(admin.delete("/admin/realms/trip", token).statusCode()).isEqualTo(204);
    HttpResponse<String> imported = admin.call("POST", "/admin/import", token, export.body(), "application/yaml");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(TestNode.json(imported).get("realms").get(0).asText()).isEqualTo("trip");
    assertThat(state("trip")).isEqualTo(before);
    HttpResponse<String> login = admin.node.post("trip", "token", "svc", secret,
        TestNode.form("grant_type", "password", "username", "lea", "password", "lea-pass-1"));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
  }

  /** The realm, its clients and its users as the admin API shows them. */
  private static JsonNode state(String realm) {
    com.fasterxml.jackson.databind.node.ObjectNode s = TestNode.JSON.createObjectNode();
    s.set("realm", TestNode.json(admin.get("/admin/realms/" + realm, token)));
    s.set("clients", TestNode.json(admin.get("/admin/realms/" + realm + "/clients", token)).get("items"));
    JsonNode users = TestNode.json(admin.get("/admin/realms/" + realm + "/users", token)).get("items");
    s.set("users", users);
    return s;
  }

  @Test
  void export_everyRealm_holdsThemAll() {
    HttpResponse<String> r = admin.get("/admin/export", token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("app-secret").doesNotContain("alice-pass").doesNotContain("ops-secret");
    java.util.List<String> names = new java.util.ArrayList<>();
    AdminFixture.yaml(r).get("realms").forEach(x -> names.add(x.get("name").asText()));
    assertThat(names).contains("acme", "short", "grace", "rs", "ed", "hs", "ops");
    assertProblem(admin.get("/admin/export?realm=nowhere", token), 404, "unknown_realm", "no realm 'nowhere'");
  }

  @Test
  void import_badFile_is400WithEveryProblem_andStoresNothing() {
    HttpResponse<String> r = admin.post("/admin/import", token, "{\"realms\": [{\"name\": \"half\"}, "
        + "{\"name\": \"bad name\"}, {\"name\": \"half2\", \"clients\": [{\"id\": \"c\", \"grants\": [\"magic\"]}]}]}");

    JsonNode problem = assertProblem(r, 400, "invalid_request", null);
    assertThat(problem.get("errors").size()).isGreaterThanOrEqualTo(2);
    assertThat(admin.get("/admin/realms/half", token).statusCode()).isEqualTo(404);
    assertThat(admin.get("/admin/realms/half2", token).statusCode()).isEqualTo(404);
    assertProblem(admin.post("/admin/import", token, "{\"realms\": [], \"dialects\": {}}"), 400, "invalid_request",
        null);
    assertProblem(admin.post("/admin/import", token, "{}"), 400, "invalid_request", "field 'realms' is required");
    assertProblem(admin.post("/admin/import", token, "{\"realms\": {}}"), 400, "invalid_request",
        "realms: expected a list of realms, got a map");
  }

  @Test
  void import_yamlWithADuplicateKeyOrBadSyntax_is400WithTheLine() {
    assertProblem(admin.call("POST", "/admin/import", token, "realms:\n  - name: y1\n    name: y2\n",
        "application/yaml"), 400, "invalid_request", null);
    JsonNode syntax = assertProblem(admin.call("POST", "/admin/import", token, "realms:\n  - name: [y3\n",
        "application/yaml"), 400, "invalid_request", null);
    assertThat(syntax.get("detail").asText()).startsWith("the body is not valid YAML (line");
    assertProblem(admin.call("POST", "/admin/import", token, "realms: []\nextra: 1\n", "application/yaml"), 400,
        "invalid_request", null);
    assertThat(admin.call("POST", "/admin/import", token, "realms:\n  - name: y4\n", "application/yaml")
        .statusCode()).isEqualTo(200);
    assertThat(admin.get("/admin/realms/y4", token).statusCode()).isEqualTo(200);
  }

  @Test
  void import_sameFileTwice_isIdempotent() {
    String file = "{\"realms\": [{\"name\": \"idem\", \"clients\": [{\"id\": \"c\", \"secret\": \"c-secret-1\", "
        + "\"grants\": [\"client_credentials\"]}], \"users\": [{\"username\": \"u\", \"password\": \"u-pass-1\"}]}]}";

    assertThat(admin.post("/admin/import", token, file).statusCode()).isEqualTo(200);
    JsonNode first = state("idem");
    assertThat(admin.post("/admin/import", token, file).statusCode()).isEqualTo(200);

    assertThat(state("idem")).isEqualTo(first);
    assertThat(admin.node.post("idem", "token", "c", "c-secret-1", TestNode.form("grant_type", "client_credentials"))
        .statusCode()).isEqualTo(200);
  }
}
