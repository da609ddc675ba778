package io.jeton.server;

import static io.jeton.server.AdminFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call the admin API (SPEC 11): a Bearer access token of {@code adminRealm} with scope
 * {@code jeton:admin}; everyone else gets 401 or 403 as problem details with an RFC 6750 challenge.
 */
class AdminAuthHttpTest {
  private static final String KEYS = "/admin/realms/acme/keys";
  private static AdminFixture admin;

  @BeforeAll
  static void start() {
    admin = AdminFixture.start();
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  @Test
  void request_withoutToken_is401WithBearerChallengeAndNoErrorCode() {
    HttpResponse<String> r = admin.get(KEYS, null);

    assertProblem(r, 401, "unauthorized",
        "the admin API needs an access token with scope 'jeton:admin' of realm 'ops' (Authorization: Bearer ...)");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"jeton-admin\"");
  }

  @Test
  void request_withBasicCredentials_is401() {
    HttpResponse<String> r = admin.node.send(HttpRequest.newBuilder(URI.create(admin.node.base() + KEYS))
        .header("Authorization", TestNode.basic("ops-cli", "ops-secret")).GET().build());

    assertProblem(r, 401, "unauthorized", "the admin API takes a Bearer access token (Authorization: Bearer ...)");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"jeton-admin\"");
  }

  @Test
  void request_withGarbageToken_is401InvalidToken() {
    HttpResponse<String> r = admin.get(KEYS, "not-a-token");

    assertProblem(r, 401, "unauthorized", "the access token is invalid, expired or revoked");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"jeton-admin\", "
        + "error=\"invalid_token\", error_description=\"the access token is invalid, expired or revoked\"");
  }

  @Test
  void request_withMalformedToken_is401() {
    assertProblem(admin.get(KEYS, "a b\"c"), 401, "unauthorized", "the access token is malformed");
  }

  @Test
  void request_withTamperedToken_is401() {
    String token = admin.adminToken();
    String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

    assertProblem(admin.get(KEYS, tampered), 401, "unauthorized", "the access token is invalid, expired or revoked");
  }

  @Test
  void request_withRevokedToken_is401() {
    String token = admin.adminToken();
    assertThat(admin.get(KEYS, token).statusCode()).isEqualTo(200);
    HttpResponse<String> revoked = admin.node.post("ops", "revoke", "ops-cli", "ops-secret",
        TestNode.form("token", token));
    assertThat(revoked.statusCode()).isEqualTo(200);

    assertProblem(admin.get(KEYS, token), 401, "unauthorized", "the access token is invalid, expired or revoked");
  }

  @Test
  void request_withTokenWithoutAdminScope_is403InsufficientScope() {
    String token = admin.token("ops", "reader", "reader-secret", "read");

    HttpResponse<String> r = admin.get(KEYS, token);

    assertProblem(r, 403, "forbidden", "the access token lacks the scope 'jeton:admin'");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"jeton-admin\", "
        + "error=\"insufficient_scope\", scope=\"jeton:admin\"");
  }

  @Test
  void request_withAdminClientTokenWithoutTheScopeAsked_is403() {
    String token = admin.token("ops", "ops-cli", "ops-secret", "read");

    assertProblem(admin.get(KEYS, token), 403, "forbidden", "the access token lacks the scope 'jeton:admin'");
  }

  @Test
  void request_withTokenOfAnotherRealm_is403() {
    String token = admin.token("acme", "app", "app-secret", "read");

    assertProblem(admin.get(KEYS, token), 403, "forbidden",
        "the access token is of realm 'acme'; the admin API takes tokens of realm 'ops'");
  }

  @Test
  void request_withTwoAuthorizationHeaders_is400() {
    String token = admin.adminToken();
    HttpResponse<String> r = admin.node.send(HttpRequest.newBuilder(URI.create(admin.node.base() + KEYS))
        .header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token).GET().build());

    assertProblem(r, 400, "invalid_request", "send one Authorization header, not 2");
  }

  @Test
  void request_withDpopScheme_is401() {
    HttpResponse<String> r = admin.node.send(HttpRequest.newBuilder(URI.create(admin.node.base() + KEYS))
        .header("Authorization", "DPoP " + admin.adminToken()).GET().build());

    assertProblem(r, 401, "unauthorized", "the admin API takes bearer tokens only, not DPoP (docs/admin-api.md)");
  }

  @Test
  void unknownRealm_withoutToken_is401NotA404() {
    // nothing about realms is told to a caller without a token
    assertProblem(admin.get("/admin/realms/nowhere/keys", null), 401, "unauthorized", null);
  }

  @Test
  void adminToken_reachesTheRoute() {
    HttpResponse<String> r = admin.get(KEYS, admin.adminToken());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
  }

  /** SPEC 11: every route but the OpenAPI document is behind the admin token, whatever its method and body. */
  @Test
  void everyDocumentedRoute_withoutToken_is401_andWithAnotherScope_is403() {
    com.fasterxml.jackson.databind.JsonNode doc = TestNode.json(admin.get("/admin/openapi.json", null));
    String reader = admin.token("ops", "reader", "reader-secret", "read");
    java.util.List<String> checked = new java.util.ArrayList<>();
    doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
      if (!java.util.Set.of("get", "post", "put", "delete").contains(m.getKey())
          || m.getValue().path("security").isArray()) {
        return;
      }
      String path = p.getKey().replaceAll("\\{[^}]+}", "acme");
      String method = m.getKey().toUpperCase(java.util.Locale.ROOT);
      String body = m.getValue().has("requestBody") ? "{}" : null;
      assertProblem(admin.call(method, path, null, body), 401, "unauthorized", null);
      assertProblem(admin.call(method, path, reader, body), 403, "forbidden",
          "the access token lacks the scope 'jeton:admin'");
      checked.add(method + " " + p.getKey());
    }));
    assertThat(checked).hasSize(23);
  }

  @Test
  void adminApi_offWithoutAdminRealm_answersLikeAnyUnknownPath() {
    try (TestNode plain = TestNode.start(AdminFixture.imports(), Map.of())) {
      HttpResponse<String> keys = plain.get(KEYS);
      HttpResponse<String> openapi = plain.get("/admin/openapi.json");
      HttpResponse<String> unknown = plain.get("/no/such/path");

      TestNode.assertError(keys, 404, "not_found", "there is no endpoint at this path");
      TestNode.assertError(openapi, 404, "not_found", "there is no endpoint at this path");
      assertThat(keys.body()).isEqualTo(unknown.body());
    }
  }
}
