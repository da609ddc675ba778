package io.jeton.server;

import static io.jeton.server.AdminFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every admin route shares: the OpenAPI document, unknown paths and methods, limits, and never a 500. */
class AdminEdgeHttpTest {
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
  void openApi_isServedWithoutAToken_asTheDocumentOfTheRoutes() throws Exception {
    HttpResponse<String> r = admin.get("/admin/openapi.json", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode doc = TestNode.json(r);
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(r.body().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(io.jeton.server.admin.AdminApiTestAccess.openApiDocument());
  }

  @Test
  void unknownAdminPath_is404Problem() {
    assertProblem(admin.get("/admin/realms/acme/nothing", token), 404, "not_found",
        "there is no admin API route at this path");
    assertProblem(admin.get("/admin", token), 404, "not_found", "there is no admin API route at this path");
    assertProblem(admin.get("/admin/", token), 404, "not_found", "there is no admin API route at this path");
    assertProblem(admin.get("/admin/realms/acme/", token), 404, "not_found", null);
    assertProblem(admin.get("/admin/realms//clients", token), 404, "not_found", null);
  }

  @Test
  void wrongMethod_is405WithAllow() {
    HttpResponse<String> r = admin.call("PATCH", "/admin/realms/acme", token, "{}");

    assertProblem(r, 405, "method_not_allowed", "method PATCH is not allowed here; use GET, DELETE");
    assertThat(r.headers().firstValue("Allow")).contains("GET, DELETE");
  }

  @Test
  void bodyOverTheLimit_is413Problem() {
    String big = "{\"name\": \"" + "a".repeat(TestNode.MAX_BODY_BYTES) + "\"}";

    assertProblem(admin.post("/admin/realms", token, big), 413, "payload_too_large", null);
  }

  @Test
  void malformedEscapeInThePath_is400Or404Problem() {
    String raw = admin.node.raw("GET /admin/realms/%C3%28 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
        + "\r\nConnection: close\r\n\r\n");

    assertThat(raw).startsWith("HTTP/1.1 400");
    assertThat(raw).containsIgnoringCase("content-type: application/problem+json");
  }

  @Test
  void charsetOtherThanUtf8_is415() {
    HttpResponse<String> r = admin.node.send(HttpRequest.newBuilder(URI.create(admin.node.base() + "/admin/realms"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json; charset=latin1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"latin\"}")).build());

    assertProblem(r, 415, "unsupported_media_type", "the body must be UTF-8, not charset 'latin1'");
  }

  /** SPEC 4: bad input of any kind gets a 4xx, never a 500; every error is problem details. */
  @Test
  void oddInputOnEveryRoute_isNeverA500() {
    List<String> bodies = List.of("", "{", "{}", "[]", "null", "\"x\"", "{\"name\": null}", "{\"id\": {}}",
        "{\"username\": [\"a\"]}", "{\"password\": 5}", "{\"now\": null}", "{\"realms\": 5}", "{\"realms\": [5]}",
        "{\"realms\": [{\"name\": \"odd\", \"clients\": [{}]}]}", "\u0000", "{\"a\":" + "[".repeat(100) + "}");
    List<String> paths = List.of("/admin/realms", "/admin/realms/acme", "/admin/realms/acme/clients",
        "/admin/realms/acme/clients/app", "/admin/realms/acme/clients/%00/rotate-secret",
        "/admin/realms/acme/users", "/admin/realms/acme/users/alice", "/admin/realms/acme/users/%2F%2F/password",
        "/admin/realms/acme/users/alice/unlock", "/admin/realms/acme/users/alice/sessions",
        "/admin/realms/acme/sessions", "/admin/realms/acme/sessions/%E2%82%AC", "/admin/realms/acme/keys",
        "/admin/realms/acme/keys/rotate", "/admin/realms/acme/audit?since=%00", "/admin/export?realm=%20",
        "/admin/import");
    for (String path : paths) {
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        for (String body : method.equals("GET") ? List.of("") : bodies) {
          if (method.equals("DELETE") && path.equals("/admin/realms/acme")) {
            continue; // a valid request, not odd input
          }
          HttpResponse<String> r = admin.call(method, path, token, method.equals("GET") ? null : body);
          assertThat(r.statusCode()).as(method + " " + path + " " + body + ": " + r.body()).isLessThan(500);
          if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).as(method + " " + path)
                .contains("application/problem+json");
          }
        }
      }
    }
  }
}
