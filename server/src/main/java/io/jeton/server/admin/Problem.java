package io.jeton.server.admin;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error of the admin API as RFC 9457 (formerly 7807) problem details: {@code
 * application/problem+json} with {@code type}, {@code title}, {@code status}, {@code detail}, the
 * request's {@code correlationId} and, for a refused body, every problem found in {@code errors}.
 * The {@code type} is {@code urn:jeton:problem:} and a stable code (docs/admin-api.md lists them).
 *
 * @param code the stable, machine-readable kind ({@code unknown_realm}, {@code duplicate_client}, ...)
 * @param challenge the {@code WWW-Authenticate} value of a 401 or 403, or empty
 */
public record Problem(int status, String code, String title, String detail, List<String> errors, String challenge) {
  public static final String TYPE_PREFIX = "urn:jeton:problem:";
  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    Objects.requireNonNull(code, "code");
    title = title == null ? "" : title;
    detail = detail == null ? "" : detail;
    errors = errors == null ? List.of() : List.copyOf(errors);
    challenge = challenge == null ? "" : challenge;
  }

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem(status, code, title, detail, List.of(), "");
  }

  /** 400: the request (path, query or body) is not what the route takes; every problem in {@code errors}. */
  public static Problem invalid(List<String> problems) {
    return new Problem(400, "invalid_request", "Invalid request", String.join("; ", problems), problems, "");
  }

  public static Problem invalid(String problem) {
    return invalid(List.of(problem));
  }

  /** 404 for a realm, client, user or session that does not exist ({@code unknown_realm}, ...). */
  public static Problem unknown(String what, String detail) {
    return of(404, "unknown_" + what, "Unknown " + what, detail);
  }

  /** 409 for a realm, client or user that exists already ({@code duplicate_client}, ...). */
  public static Problem duplicate(String what, String detail) {
    return of(409, "duplicate_" + what, "Duplicate " + what, detail);
  }

  public static Problem notFound(String detail) {
    return of(404, "not_found", "Not found", detail);
  }

  public static Problem serverError(String correlationId) {
    return of(500, "server_error", "Internal server error", "an unexpected error occurred"
        + (correlationId.isEmpty() ? "" : " (correlation id " + FormBody.clip(correlationId) + ")"));
  }

  public static Problem unavailable(String detail) {
    return of(503, "unavailable", "Service unavailable", detail);
  }

  /**
   * A refusal the server makes before the route runs (a body over the size limit, a malformed
   * query, the database away): the same status and description as problem details.
   */
  public static Problem of(OAuthError error) {
    int status = error.status();
    if (status == 413) {
      return of(413, "payload_too_large", "Payload too large", error.description());
    }
    if (status == 503 || error.code() == ErrorCode.TEMPORARILY_UNAVAILABLE) {
      return of(503, "unavailable", "Service unavailable", error.description());
    }
    if (status >= 500) {
      return of(500, "server_error", "Internal server error", error.description());
    }
    if (status == 404) {
      return notFound(error.description());
    }
    return new Problem(status, "invalid_request", "Invalid request", error.description(),
        List.of(error.description()), "");
  }

  /** The same problem with this {@code WWW-Authenticate} challenge. */
  public Problem withChallenge(String value) {
    return new Problem(status, code, title, detail, errors, value);
  }

  public String type() {
    return TYPE_PREFIX + code;
  }

  /** The problem as an HTTP response, not to be cached. */
  public WireResponse render(String correlationId) {
    byte[] body = Json.object(g -> {
      g.writeStringField("type", type());
      g.writeStringField("title", title);
      g.writeNumberField("status", status);
      g.writeStringField("detail", detail);
      if (!correlationId.isEmpty()) {
        g.writeStringField("correlationId", correlationId);
      }
      if (!errors.isEmpty()) {
        g.writeArrayFieldStart("errors");
        for (String e : errors) {
          g.writeString(e);
        }
        g.writeEndArray();
      }
    });
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", MEDIA_TYPE);
    h.put("Cache-Control", "no-store");
    if (!challenge.isEmpty()) {
      h.put("WWW-Authenticate", challenge);
    }
    return new WireResponse(status, Map.copyOf(h), body);
  }
}
