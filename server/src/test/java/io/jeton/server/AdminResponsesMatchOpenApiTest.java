package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every route's real answers checked against the schema its OpenAPI operation documents for that
 * status (types, required and only the documented fields, enums, items), errors included: the
 * document says what the server sends, not only which routes exist.
 */
class AdminResponsesMatchOpenApiTest {
  private JsonNode doc;
  private final Set<String> covered = new TreeSet<>();
  private final List<String> mismatches = new ArrayList<>();

  @Test
  void everyRoutesAnswers_matchTheirDocumentedSchemas() {
    try (AdminFixture admin = AdminFixture.start()) {
      doc = TestNode.json(admin.get("/admin/openapi.json", null));
      String t = admin.adminToken();
      check("GET", "/admin/realms/{realm}/keys", admin.get("/admin/realms/acme/keys", null));
      check("GET", "/admin/realms", admin.get("/admin/realms?limit=2", t));
      check("POST", "/admin/realms", admin.post("/admin/realms", t, "{\"name\": \"sch\", \"audience\": \"api\"}"));
      check("POST", "/admin/realms", admin.post("/admin/realms", t, "{\"name\": \"sch\"}"));
      check("GET", "/admin/realms/{realm}", admin.get("/admin/realms/sch", t));
      check("GET", "/admin/realms/{realm}", admin.get("/admin/realms/nowhere", t));
      check("POST", "/admin/realms/{realm}/clients", admin.post("/admin/realms/sch/clients", t,
          "{\"id\": \"c1\", \"grants\": [\"password\", \"refresh_token\"], \"scopes\": [\"read\"]}"));
      check("POST", "/admin/realms/{realm}/clients", admin.post("/admin/realms/sch/clients", t, "{\"id\": 5}"));
      check("GET", "/admin/realms/{realm}/clients", admin.get("/admin/realms/sch/clients", t));
      check("GET", "/admin/realms/{realm}/clients/{clientId}", admin.get("/admin/realms/sch/clients/c1", t));
      check("POST", "/admin/realms/{realm}/clients/{clientId}/rotate-secret",
          admin.post("/admin/realms/sch/clients/c1/rotate-secret", t, null));
      String secret = TestNode.json(admin.post("/admin/realms/sch/clients/c1/rotate-secret", t, null))
          .get("secret").asText();
      check("POST", "/admin/realms/{realm}/users", admin.post("/admin/realms/sch/users", t,
          "{\"username\": \"u1\", \"password\": \"u1-pass\", \"attributes\": {\"k\": \"v\"}}"));
      check("GET", "/admin/realms/{realm}/users", admin.get("/admin/realms/sch/users", t));
      check("GET", "/admin/realms/{realm}/users/{username}", admin.get("/admin/realms/sch/users/u1", t));
      check("PUT", "/admin/realms/{realm}/users/{username}/password",
          admin.put("/admin/realms/sch/users/u1/password", t, "{\"password\": \"u1-pass-2\"}"));
      check("POST", "/admin/realms/{realm}/users/{username}/unlock",
          admin.post("/admin/realms/sch/users/u1/unlock", t, null));
      HttpResponse<String> login = admin.node.post("sch", "token", "c1", secret,
          TestNode.form("grant_type", "password", "username", "u1", "password", "u1-pass-2"));
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      HttpResponse<String> sessions = admin.get("/admin/realms/sch/sessions", t);
      check("GET", "/admin/realms/{realm}/sessions", sessions);
      check("DELETE", "/admin/realms/{realm}/sessions/{sessionId}", admin.delete("/admin/realms/sch/sessions/"
          + TestNode.json(sessions).get("items").get(0).get("id").asText(), t));
      check("DELETE", "/admin/realms/{realm}/users/{username}/sessions",
          admin.delete("/admin/realms/sch/users/u1/sessions", t));
      admin.node.clientToken("acme");
      check("GET", "/admin/realms/{realm}/keys", admin.get("/admin/realms/acme/keys", t));
      check("POST", "/admin/realms/{realm}/keys/rotate", admin.post("/admin/realms/acme/keys/rotate", t, null));
      check("GET", "/admin/realms/{realm}/audit", admin.get("/admin/realms/ops/audit", t));
      HttpResponse<String> export = admin.get("/admin/export?realm=sch", t);
      check("GET", "/admin/export", export);
      check("POST", "/admin/import", admin.call("POST", "/admin/import", t, export.body(), "application/yaml"));
      check("POST", "/admin/import", admin.post("/admin/import", t, "{\"realms\": [{\"name\": 5}]}"));
      check("DELETE", "/admin/realms/{realm}/users/{username}", admin.delete("/admin/realms/sch/users/u1", t));
      check("DELETE", "/admin/realms/{realm}/clients/{clientId}", admin.delete("/admin/realms/sch/clients/c1", t));
      check("DELETE", "/admin/realms/{realm}", admin.delete("/admin/realms/sch", t));
      check("GET", "/admin/openapi.json", admin.get("/admin/openapi.json", null));

      assertThat(mismatches).isEmpty();
      Set<String> all = new TreeSet<>();
      doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
        if (Set.of("get", "post", "put", "delete").contains(m.getKey())) {
          all.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
        }
      }));
      assertThat(covered).isEqualTo(all);
    }
  }

  private void check(String method, String template, HttpResponse<String> r) {
    String where = method + " " + template + " " + r.statusCode();
    covered.add(method + " " + template);
    JsonNode op = doc.get("paths").get(template).get(method.toLowerCase(Locale.ROOT));
    JsonNode response = resolve(op.path("responses").path(Integer.toString(r.statusCode())));
    if (response.isMissingNode()) {
      mismatches.add(where + ": status not documented: " + r.body());
      return;
    }
    JsonNode content = response.path("content");
    if (content.isMissingNode()) {
      if (!r.body().isEmpty()) {
        mismatches.add(where + ": documented without a body, got " + r.body());
      }
      return;
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!content.has(type)) {
      mismatches.add(where + ": content type " + type + " not documented");
      return;
    }
    validate(content.get(type).path("schema"), type.equals("application/yaml") ? AdminFixture.yaml(r)
        : TestNode.json(r), where, "$");
  }

  private void validate(JsonNode schema, JsonNode value, String where, String at) {
    schema = resolve(schema);
    JsonNode type = schema.path("type");
    if (!type.isMissingNode()) {
      Set<String> types = new TreeSet<>();
      if (type.isArray()) {
        type.forEach(x -> types.add(x.asText()));
      } else {
        types.add(type.asText());
      }
      String actual = value.isNull() ? "null" : value.isObject() ? "object" : value.isArray() ? "array"
          : value.isTextual() ? "string" : value.isBoolean() ? "boolean" : value.isIntegralNumber() ? "integer"
          : "number";
      if (!types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
        mismatches.add(where + " " + at + ": " + actual + " is not " + types);
        return;
      }
    }
    if (schema.has("enum") && !value.isNull()) {
      Set<String> allowed = new TreeSet<>();
      schema.get("enum").forEach(x -> allowed.add(x.asText()));
      if (!allowed.contains(value.asText())) {
        mismatches.add(where + " " + at + ": '" + value.asText() + "' is not one of " + allowed);
      }
    }
    if (value.isObject()) {
      schema.path("required").forEach(req -> {
        if (!value.has(req.asText())) {
          mismatches.add(where + " " + at + ": required field '" + req.asText() + "' is missing");
        }
      });
      JsonNode props = schema.path("properties");
      JsonNode extra = schema.path("additionalProperties");
      value.properties().forEach(e -> {
        if (props.has(e.getKey())) {
          validate(props.get(e.getKey()), e.getValue(), where, at + "." + e.getKey());
        } else if (extra.isBoolean() && !extra.asBoolean()) {
          mismatches.add(where + " " + at + ": field '" + e.getKey() + "' is not documented");
        } else if (extra.isObject()) {
          validate(extra, e.getValue(), where, at + "." + e.getKey());
        }
      });
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        validate(schema.get("items"), value.get(i), where, at + "[" + i + "]");
      }
    }
  }

  private JsonNode resolve(JsonNode n) {
    while (n.has("$ref")) {
      n = doc.at(n.get("$ref").asText().substring(1));
    }
    return n;
  }
}
