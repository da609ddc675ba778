package io.jeton.dialect.oauth2;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;

/**
 * The RFC 6749 section 5.2 error response: {@code {"error","error_description"}} with the status
 * the core chose, {@code Cache-Control: no-store}, and {@code WWW-Authenticate} on a 401.
 */
public final class ErrorResponse {
  private ErrorResponse() {}

  /**
   * Renders the error. {@code realm} names the Basic realm of a 401; section 5.2 says the server
   * "MUST include the WWW-Authenticate response header field matching the authentication scheme
   * used by the client" when Basic was used, and Jeton includes it for every 401.
   */
  public static WireResponse render(OAuthError error, String realm) {
    byte[] body = Json.object(g -> {
      g.writeStringField("error", error.code().wire());
      if (!error.description().isEmpty()) {
        g.writeStringField("error_description", error.description());
      }
    });
    WireResponse r = WireResponse.noStoreJson(error.status(), body).withRetryAfter(error.retryAfter());
    if (error.status() == 401) {
      r = r.withHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
    }
    return r;
  }

  /** 404 for a realm that does not exist. */
  public static WireResponse unknownRealm(String realm) {
    return render(OAuthError.of(ErrorCode.INVALID_REQUEST, OAuthError.Reason.UNKNOWN_REALM,
        "realm '" + FormBody.clip(realm) + "' does not exist").withStatus(404), realm);
  }

  /** 405 with an {@code Allow} header (RFC 9110 section 15.5.6). */
  public static WireResponse methodNotAllowed(String method, String allow) {
    return render(OAuthError.invalidRequest("method " + FormBody.clip(method) + " is not allowed here; use "
        + allow).withStatus(405), "").withHeader("Allow", allow);
  }

  /** 413 for a body larger than the configured limit. */
  public static WireResponse payloadTooLarge(long limit) {
    return render(OAuthError.invalidRequest("the request body is larger than " + limit + " bytes")
        .withStatus(413), "");
  }

  /** 500: a generic body; the cause is logged with the correlation id, never sent. */
  public static WireResponse serverError(String correlationId) {
    return render(OAuthError.of(ErrorCode.SERVER_ERROR, "an unexpected error occurred"
        + (correlationId.isEmpty() ? "" : " (correlation id " + FormBody.clip(correlationId) + ")")), "");
  }
}
