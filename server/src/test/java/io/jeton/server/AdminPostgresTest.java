package io.jeton.server;

import static io.jeton.server.AdminFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The main admin routes on PostgreSQL (review M7: the same answers, bad input included, on both stores). */
class AdminPostgresTest {
  @Test
  void mainRoutes_onPostgres_answerAsOnH2() {
    try (AdminFixture admin = AdminFixture.startOnPostgres()) {
      String token = admin.adminToken();
      assertProblem(admin.get("/admin/realms", null), 401, "unauthorized", null);
      assertProblem(admin.get("/admin/realms", admin.token("acme", "app", "app-secret", "read")), 403, "forbidden",
          null);

      assertThat(admin.post("/admin/realms", token, "{\"name\": \"pg\"}").statusCode()).isEqualTo(201);
      assertProblem(admin.post("/admin/realms", token, "{\"name\": \"pg\"}"), 409, "duplicate_realm", null);
      assertProblem(admin.post("/admin/realms", token, "{\"name\": \"pg2\", \"extra\": 1}"), 400, "invalid_request",
          null);
      JsonNode made = TestNode.json(admin.post("/admin/realms/pg/clients", token,
          "{\"id\": \"svc\", \"grants\": [\"client_credentials\", \"password\"], \"scopes\": [\"read\"]}"));
      String secret = made.get("secret").asText();
      assertProblem(admin.post("/admin/realms/pg/clients", token, "{\"id\": \"svc\"}"), 409, "duplicate_client",
          "client 'svc' exists already in realm 'pg'");
      assertProblem(admin.post("/admin/realms/nowhere/clients", token, "{\"id\": \"svc\"}"), 404, "unknown_realm",
          null);
      assertThat(admin.post("/admin/realms/pg/users", token, "{\"username\": \"u\\u00e9\", \"password\": \"pw-1\"}")
          .statusCode()).isEqualTo(201);
      assertProblem(admin.post("/admin/realms/pg/users", token, "{\"username\": \"a\\u0000b\"}"), 400,
          "invalid_request", null);

      HttpResponse<String> login = admin.node.post("pg", "token", "svc", secret,
          TestNode.form("grant_type", "password", "username", "u\u00e9", "password", "pw-1"));
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      String access = TestNode.json(login).get("access_token").asText();
      JsonNode sessions = TestNode.json(admin.get("/admin/realms/pg/sessions?user=u%C3%A9", token)).get("items");
      assertThat(sessions).hasSize(1);
      HttpResponse<String> revoked = admin.delete("/admin/realms/pg/sessions/" + sessions.get(0).get("id").asText(),
          token);
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
      HttpResponse<String> introspection = admin.node.post("pg", "introspect", "svc", secret,
          TestNode.form("token", access));
      assertThat(TestNode.json(introspection).get("active").asBoolean()).isFalse();

      assertThat(TestNode.json(admin.get("/admin/realms/pg/clients", token)).get("items")).hasSize(1);
      assertThat(TestNode.json(admin.get("/admin/realms/pg/users/u%C3%A9", token)).get("username").asText())
          .isEqualTo("u\u00e9");
      assertThat(admin.post("/admin/realms/pg/keys/rotate", token, null).statusCode()).isEqualTo(200);
      assertThat(TestNode.json(admin.get("/admin/realms/pg/keys", token)).get("items").size()).isGreaterThan(0);
      HttpResponse<String> export = admin.get("/admin/export?realm=pg", token);
      assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
      assertThat(export.body()).doesNotContain(secret).doesNotContain("pw-1");

      assertThat(admin.delete("/admin/realms/pg", token).statusCode()).isEqualTo(204);
      assertProblem(admin.get("/admin/realms/pg", token), 404, "unknown_realm", "no realm 'pg'");
      JsonNode audit = TestNode.json(admin.get("/admin/realms/ops/audit?type=admin_action", token)).get("items");
      assertThat(audit.get(0).get("detail").asText()).isEqualTo("DELETE /admin/realms/{realm}: deleted realm 'pg'");
      assertProblem(admin.get("/admin/realms/acme/audit?since=bad", token), 400, "invalid_request", null);
    }
  }
}
