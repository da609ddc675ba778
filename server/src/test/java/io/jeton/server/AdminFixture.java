package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node with the admin API on (SPEC 11): the standard test realms plus the admin realm {@code
 * ops}, whose client {@code ops-cli} may get {@code jeton:admin} tokens and whose client {@code
 * reader} may not; plus helpers to call the API and check its problem details.
 */
final class AdminFixture implements AutoCloseable {
  static final String ADMIN_REALM = "ops";

  final TestNode node;

  private AdminFixture(TestNode node) {
    this.node = node;
  }

  static AdminFixture start() {
    return new AdminFixture(TestNode.start(imports(), Map.of(),
        c -> c.withAdminRealm(Optional.of(new RealmName(ADMIN_REALM))), JetonServer.HASH_QUEUE_WAIT));
  }

  static AdminFixture startOnPostgres() {
    return new AdminFixture(TestNode.startOnPostgresWith(imports(), Map.of(),
        c -> c.withAdminRealm(Optional.of(new RealmName(ADMIN_REALM)))));
  }

  static List<RealmImport> imports() {
    List<RealmImport> out = new ArrayList<>(TestNode.imports(Duration.ofSeconds(10)));
    Realm ops = new Realm(new RealmName(ADMIN_REALM), "ops-issuer", Optional.empty(), Duration.ofSeconds(300), null,
        null, Duration.ofSeconds(10), SigningAlgorithm.ES256, null);
    out.add(new RealmImport(ops, List.of(
        new ClientImport("ops-cli", Optional.of("ops-secret"), Set.of("client_credentials"),
            Set.of("jeton:admin", "read"), Optional.empty()),
        new ClientImport("reader", Optional.of("reader-secret"), Set.of("client_credentials"), Set.of("read"),
            Optional.empty())), List.of()));
    return out;
  }

  /** A {@code jeton:admin} access token of the admin realm. */
  String adminToken() {
    return token(ADMIN_REALM, "ops-cli", "ops-secret", "jeton:admin");
  }

  /** A client_credentials access token of {@code realm} for {@code client}, with {@code scope}. */
  String token(String realm, String client, String secret, String scope) {
    HttpResponse<String> r = node.post(realm, "token", client, secret,
        TestNode.form("grant_type", "client_credentials", "scope", scope));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestNode.json(r).get("access_token").asText();
  }

  HttpResponse<String> get(String path, String token) {
    return call("GET", path, token, null);
  }

  HttpResponse<String> delete(String path, String token) {
    return call("DELETE", path, token, null);
  }

  HttpResponse<String> post(String path, String token, String json) {
    return call("POST", path, token, json);
  }

  HttpResponse<String> put(String path, String token, String json) {
    return call("PUT", path, token, json);
  }

  /** One request; a null token sends no Authorization, a null body none, with JSON's content type. */
  HttpResponse<String> call(String method, String path, String token, String json) {
    return call(method, path, token, json, "application/json");
  }

  /** One request with a body of this content type. */
  HttpResponse<String> call(String method, String path, String token, String json, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return node.send(b.build());
  }

  static final com.fasterxml.jackson.databind.ObjectMapper YAML = new com.fasterxml.jackson.databind.ObjectMapper(
      new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

  /** An answer's body read as YAML (an export). */
  static JsonNode yaml(HttpResponse<String> r) {
    try {
      return YAML.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("not YAML: " + r.body(), e);
    }
  }

  /**
   * Asserts RFC 9457 problem details: the status, {@code application/problem+json}, no-store, the
   * correlation id, and the whole body but the correlation id (and {@code errors} for a 400).
   */
  static JsonNode assertProblem(HttpResponse<String> r, int status, String code, String detail) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    String cid = r.headers().firstValue("x-correlation-id").orElseThrow();
    JsonNode body = TestNode.json(r);
    assertThat(TestNode.keys(body)).isSubsetOf(Set.of("type", "title", "status", "detail", "correlationId", "errors"))
        .contains("type", "title", "status", "detail");
    assertThat(body.get("type").asText()).isEqualTo("urn:jeton:problem:" + code);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("title").asText()).isNotEmpty();
    if (detail != null) {
      assertThat(body.get("detail").asText()).isEqualTo(detail);
    }
    if (body.has("correlationId")) {
      assertThat(body.get("correlationId").asText()).isEqualTo(cid);
    }
    if (status == 400 && code.equals("invalid_request") && body.has("errors")) {
      assertThat(body.get("errors").isArray()).isTrue();
    }
    return body;
  }

  @Override
  public void close() {
    node.close();
  }
}
