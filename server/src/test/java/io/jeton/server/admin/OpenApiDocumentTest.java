package io.jeton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.audit.AuditType;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document {@code /admin/openapi.json} checked against the route table
 * (SPEC 11): every route documented, every documented operation routed, with the same path and
 * query parameters and request bodies, and every reference resolving.
 */
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final JsonNode DOC = read();

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(AdminApi.openApiDocument());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Set<String> operations(JsonNode doc) {
    Set<String> out = new TreeSet<>();
    doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
      if (METHODS.contains(m.getKey())) {
        out.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
      }
    }));
    return out;
  }

  @Test
  void document_isOpenApi31() {
    assertThat(DOC.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(DOC.path("info").path("title").asText()).isNotEmpty();
    assertThat(DOC.path("info").path("version").asText()).isNotEmpty();
  }

  @Test
  void everyRoute_isDocumented_andEveryDocumentedOperationIsRouted() {
    Set<String> routed = new TreeSet<>();
    for (AdminRoute r : AdminApi.ROUTES) {
      routed.add(r.method() + " " + r.path().template());
    }

    assertThat(operations(DOC)).isEqualTo(routed);
  }

  @Test
  void everyOperation_hasTheRoutesOperationIdAndParameters() {
    Set<String> ids = new HashSet<>();
    for (AdminRoute r : AdminApi.ROUTES) {
      JsonNode path = DOC.get("paths").get(r.path().template());
      JsonNode op = path.get(r.method().toLowerCase(Locale.ROOT));
      String where = r.method() + " " + r.path().template();
      assertThat(op.path("operationId").asText()).as(where).isEqualTo(r.operationId());
      assertThat(ids.add(r.operationId())).as("operationId %s is unique", r.operationId()).isTrue();

      List<JsonNode> params = new ArrayList<>();
      path.path("parameters").forEach(p -> params.add(resolve(p)));
      op.path("parameters").forEach(p -> params.add(resolve(p)));
      List<String> pathParams = params.stream().filter(p -> p.path("in").asText().equals("path"))
          .map(p -> p.get("name").asText()).toList();
      Set<String> queryParams = new TreeSet<>(params.stream().filter(p -> p.path("in").asText().equals("query"))
          .map(p -> p.get("name").asText()).toList());
      assertThat(pathParams).as(where + " path parameters").isEqualTo(r.path().parameters());
      assertThat(queryParams).as(where + " query parameters").isEqualTo(new TreeSet<>(r.query()));
      params.stream().filter(p -> p.path("in").asText().equals("path"))
          .forEach(p -> assertThat(p.path("required").asBoolean()).as(where + " " + p).isTrue());
    }
  }

  @Test
  void everyRequestBody_hasTheFieldsOfTheRecordTheRouteReads() {
    for (AdminRoute r : AdminApi.ROUTES) {
      String where = r.method() + " " + r.path().template();
      JsonNode op = DOC.get("paths").get(r.path().template()).get(r.method().toLowerCase(Locale.ROOT));
      if (r.body() == Void.class) {
        assertThat(op.has("requestBody")).as(where + " takes no body").isFalse();
        continue;
      }
      JsonNode schema = resolve(op.path("requestBody").path("content").path("application/json").path("schema"));
      Set<String> documented = new TreeSet<>();
      schema.path("properties").fieldNames().forEachRemaining(documented::add);
      Set<String> read = new TreeSet<>();
      for (RecordComponent c : r.body().getRecordComponents()) {
        JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
        JsonProperty onField = fieldAnnotation(r.body(), c.getName());
        read.add(renamed != null ? renamed.value() : onField != null ? onField.value() : c.getName());
      }
      assertThat(documented).as(where + " body fields").isEqualTo(read);
      assertThat(schema.path("additionalProperties").asBoolean(true)).as(where + " refuses unknown fields").isFalse();
    }
  }

  private static JsonProperty fieldAnnotation(Class<?> type, String name) {
    try {
      return type.getDeclaredField(name).getAnnotation(JsonProperty.class);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  @Test
  void everyAuthenticatedOperation_documentsItsTokenErrors_andTheDocumentItselfIsOpen() {
    for (AdminRoute r : AdminApi.ROUTES) {
      JsonNode op = DOC.get("paths").get(r.path().template()).get(r.method().toLowerCase(Locale.ROOT));
      String where = r.method() + " " + r.path().template();
      if (r.authenticated()) {
        assertThat(op.has("security")).as(where + " uses the document's bearer security").isFalse();
        assertThat(op.path("responses").has("401")).as(where).isTrue();
        assertThat(op.path("responses").has("403")).as(where).isTrue();
        assertThat(op.path("responses").has("400")).as(where).isTrue();
      } else {
        assertThat(op.path("security").isArray() && op.path("security").isEmpty()).as(where).isTrue();
      }
    }
    assertThat(DOC.path("security").get(0).has("bearer")).isTrue();
  }

  @Test
  void everyErrorResponse_isProblemDetails() {
    DOC.path("components").path("responses").properties().forEach(e ->
        assertThat(e.getValue().path("content").has("application/problem+json")).as(e.getKey()).isTrue());
    List<String> errors = new ArrayList<>();
    DOC.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
      if (METHODS.contains(m.getKey())) {
        m.getValue().path("responses").properties().forEach(s -> {
          if (s.getKey().startsWith("4") || s.getKey().startsWith("5")) {
            JsonNode resolved = resolve(s.getValue());
            if (!resolved.path("content").has("application/problem+json")) {
              errors.add(m.getKey() + " " + p.getKey() + " " + s.getKey());
            }
          }
        });
      }
    }));
    assertThat(errors).isEmpty();
  }

  @Test
  void everyReference_resolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(DOC, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(DOC.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  @Test
  void auditTypeParameter_listsEveryAuditType() {
    Set<String> documented = new TreeSet<>();
    DOC.at("/components/parameters/type/schema/enum").forEach(v -> documented.add(v.asText()));

    assertThat(documented).isEqualTo(new TreeSet<>(Arrays.stream(AuditType.values())
        .map(t -> t.name().toLowerCase(Locale.ROOT)).toList()));
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), out);
        }
      }
    } else if (n.isArray()) {
      n.forEach(x -> collectRefs(x, out));
    }
  }

  private static JsonNode resolve(JsonNode n) {
    while (n.has("$ref")) {
      n = DOC.at(n.get("$ref").asText().substring(1));
    }
    return n;
  }
}
