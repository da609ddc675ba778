package io.jeton.server.admin;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One route of the admin API: method, path template, the OpenAPI {@code operationId}, the query
 * parameters it takes (any other is a 400), whether it needs an admin token, and the operation.
 */
record AdminRoute(String method, PathTemplate path, String operationId, List<String> query, boolean authenticated,
    BiFunction<AdminApi, AdminApi.Call, Response> operation) {
  AdminRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = List.copyOf(query);
  }

  static AdminRoute of(String method, String path, String operationId,
      BiFunction<AdminApi, AdminApi.Call, Response> operation, String... query) {
    return new AdminRoute(method, PathTemplate.of(path), operationId, List.of(query), true, operation);
  }

  /** What an operation answers: a JSON value with a status (and headers), or a problem. */
  sealed interface Response {
    record Json(int status, Object body, java.util.Map<String, String> headers) implements Response {}

    record Failed(Problem problem) implements Response {}
  }
}
