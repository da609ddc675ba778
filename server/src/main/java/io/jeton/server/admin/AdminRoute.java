package io.jeton.server.admin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One route of the admin API: method, path template, the OpenAPI {@code operationId}, the query
 * parameters it takes (any other is a 400), the record its JSON body is read as ({@code Void} for
 * none), what it acts on ({@code realm}, {@code client}, ...: the code of its 404 and 409
 * problems), whether it needs an admin token, and the operation.
 */
record AdminRoute(String method, PathTemplate path, String operationId, List<String> query, Class<?> body,
    String subject, boolean authenticated, BiFunction<AdminApi, AdminApi.Call, Response> operation) {
  AdminRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(subject, "subject");
    query = List.copyOf(query);
  }

  /** An authenticated route without a body. */
  static AdminRoute of(String method, String path, String operationId, String subject,
      BiFunction<AdminApi, AdminApi.Call, Response> operation, String... query) {
    return new AdminRoute(method, PathTemplate.of(path), operationId, List.of(query), Void.class, subject, true,
        operation);
  }

  /** An authenticated route whose body is a {@code body}. */
  static AdminRoute withBody(String method, String path, String operationId, String subject, Class<?> body,
      BiFunction<AdminApi, AdminApi.Call, Response> operation) {
    return new AdminRoute(method, PathTemplate.of(path), operationId, List.of(), body, subject, true, operation);
  }

  /** What an operation answers: a value to write as JSON (or bytes as they are) with a status and headers. */
  record Response(int status, Object body, Map<String, String> headers) {
    Response {
      headers = Map.copyOf(headers);
    }
  }
}
