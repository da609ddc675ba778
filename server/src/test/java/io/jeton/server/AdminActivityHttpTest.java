package io.jeton.server;

import static io.jeton.server.AdminFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions, signing keys and the audit log through the admin API (SPEC 11 {@code sessions},
 * {@code keys}, {@code audit}).
 */
class AdminActivityHttpTest {
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

  private static JsonNode login(String username, String password) {
    HttpResponse<String> r = admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", username, "password", password));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestNode.json(r);
  }

  private static String sid(String accessToken) {
    return admin.node.introspect("acme", accessToken).get("sid").asText();
  }

  @Test
  void listSessions_ofAUser_newestFirst() {
    admin.post("/admin/realms/acme/users", token, "{\"username\": \"hal\", \"password\": \"hal-pass-1\"}");
    String first = sid(login("hal", "hal-pass-1").get("access_token").asText());
    String second = sid(login("hal", "hal-pass-1").get("access_token").asText());

    HttpResponse<String> r = admin.get("/admin/realms/acme/sessions?user=hal", token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode items = TestNode.json(r).get("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("id").asText()).isEqualTo(second);
    assertThat(items.get(1).get("id").asText()).isEqualTo(first);
    assertThat(items.get(0).get("username").asText()).isEqualTo("hal");
    assertThat(items.get(0).get("clientId").asText()).isEqualTo("app");
    assertThat(Instant.parse(items.get(0).get("expiresAt").asText())).isAfter(Instant.now());
    assertThat(TestNode.json(admin.get("/admin/realms/acme/sessions?user=hal&limit=1", token)).get("items"))
        .hasSize(1);
    assertProblem(admin.get("/admin/realms/acme/sessions?user=nobody", token), 404, "unknown_user",
        "no user 'nobody' in realm 'acme'");
    assertProblem(admin.get("/admin/realms/acme/sessions?limit=-1", token), 400, "invalid_request", null);
  }

  @Test
  void revokeSession_byId_endsItsTokens() {
    admin.post("/admin/realms/acme/users", token, "{\"username\": \"ivy\", \"password\": \"ivy-pass-1\"}");
    JsonNode tokens = login("ivy", "ivy-pass-1");
    String access = tokens.get("access_token").asText();
    String sid = sid(access);

    HttpResponse<String> r = admin.delete("/admin/realms/acme/sessions/" + sid, token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestNode.json(r).get("revoked").get(0).asText()).isEqualTo(sid);
    assertThat(admin.node.introspect("acme", access).get("active").asBoolean()).isFalse();
    HttpResponse<String> refresh = admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asText()));
    assertThat(refresh.statusCode()).isEqualTo(400);
    assertProblem(admin.delete("/admin/realms/acme/sessions/no-such-session", token), 404, "unknown_session", null);
  }

  @Test
  void revokeSessions_ofAUser_endsEveryOne() {
    admin.post("/admin/realms/acme/users", token, "{\"username\": \"jay\", \"password\": \"jay-pass-1\"}");
    List<String> access = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      access.add(login("jay", "jay-pass-1").get("access_token").asText());
    }

    HttpResponse<String> r = admin.delete("/admin/realms/acme/users/jay/sessions", token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestNode.json(r).get("revoked")).hasSize(3);
    for (String a : access) {
      assertThat(admin.node.introspect("acme", a).get("active").asBoolean()).isFalse();
    }
    assertThat(TestNode.json(admin.get("/admin/realms/acme/sessions?user=jay", token)).get("items")).isEmpty();
    assertProblem(admin.delete("/admin/realms/acme/users/nobody/sessions", token), 404, "unknown_user",
        "no user 'nobody' in realm 'acme'");
  }

  @Test
  void keys_listAndRotate() {
    admin.node.clientToken("hs"); // a realm's first key is made when it first signs
    JsonNode before = TestNode.json(admin.get("/admin/realms/hs/keys", token)).get("items");
    assertThat(before).isNotEmpty();
    assertThat(before.get(0).get("state").asText()).isEqualTo("active");

    HttpResponse<String> pending = admin.post("/admin/realms/hs/keys/rotate", token, null);
    HttpResponse<String> now = admin.post("/admin/realms/hs/keys/rotate", token, "{\"now\": true}");

    assertThat(pending.statusCode()).as(pending.body()).isEqualTo(200);
    assertThat(TestNode.json(pending).get("state").asText()).isEqualTo("pending");
    assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
    assertThat(TestNode.json(now).get("state").asText()).isEqualTo("active");
    assertThat(TestNode.json(admin.get("/admin/realms/hs/keys", token)).get("items")).hasSize(before.size() + 2);
    assertProblem(admin.post("/admin/realms/hs/keys/rotate", token, "{\"now\": \"yes\"}"), 400, "invalid_request",
        "field 'now': expected true or false");
    assertProblem(admin.post("/admin/realms/hs/keys/rotate", token, "{\"later\": true}"), 400, "invalid_request",
        null);
    assertProblem(admin.get("/admin/realms/nowhere/keys", token), 404, "unknown_realm", "no realm 'nowhere'");
    assertProblem(admin.post("/admin/realms/nowhere/keys/rotate", token, null), 404, "unknown_realm",
        "no realm 'nowhere'");
  }

  @Test
  void adminActions_areInTheAdminRealmsAuditLog_withoutSecrets() {
    HttpResponse<String> made = admin.post("/admin/realms/acme/clients", token, "{\"id\": \"audited\"}");
    String secret = TestNode.json(made).get("secret").asText();
    admin.post("/admin/realms/acme/users", token, "{\"username\": \"kim\", \"password\": \"kim-pass-1\"}");

    HttpResponse<String> r = admin.get("/admin/realms/ops/audit?type=admin_action&limit=1000", token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain(secret).doesNotContain("kim-pass-1");
    List<String> details = new ArrayList<>();
    TestNode.json(r).get("items").forEach(e -> {
      assertThat(e.get("type").asText()).isEqualTo("admin_action");
      assertThat(e.get("clientId").asText()).isEqualTo("ops-cli");
      assertThat(e.get("correlationId").isNull()).isFalse();
      details.add(e.get("detail").asText());
    });
    assertThat(details).contains("POST /admin/realms/{realm}/clients: created client 'audited' in realm 'acme'",
        "POST /admin/realms/{realm}/users: created user 'kim' in realm 'acme'");
  }

  @Test
  void audit_filtersByTypeAndTime_andRefusesBadFilters() {
    admin.node.post("acme", "token", "app", "app-secret",
        TestNode.form("grant_type", "password", "username", "alice", "password", "not-it"));
    admin.node.server.engine().flushAudit();

    JsonNode failed = TestNode.json(admin.get("/admin/realms/acme/audit?type=login_failed", token)).get("items");
    assertThat(failed).isNotEmpty();
    failed.forEach(e -> assertThat(e.get("type").asText()).isEqualTo("login_failed"));
    assertThat(TestNode.json(admin.get("/admin/realms/acme/audit?since=2999-01-01T00:00:00Z", token)).get("items"))
        .isEmpty();
    assertThat(TestNode.json(admin.get("/admin/realms/acme/audit?limit=1", token)).get("items")).hasSize(1);
    assertProblem(admin.get("/admin/realms/acme/audit?since=yesterday", token), 400, "invalid_request",
        "query parameter 'since' must be an ISO-8601 instant such as 2026-12-03T18:00:00Z, got 'yesterday'");
    assertProblem(admin.get("/admin/realms/acme/audit?type=coffee", token), 400, "invalid_request", null);
    assertProblem(admin.get("/admin/realms/acme/audit?limit=5000", token), 400, "invalid_request", null);
    assertProblem(admin.get("/admin/realms/nowhere/audit", token), 404, "unknown_realm", "no realm 'nowhere'");
  }
}
