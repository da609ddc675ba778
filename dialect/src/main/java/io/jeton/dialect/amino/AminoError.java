package io.jeton.dialect.amino;

import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;
import java.util.Locale;

/**
 * An Amino error as a JSON:API error document (JSON:API 1.1 "Error Objects"): {@code
 * {"errors":[{"status":"<HTTP status>","code","title","detail"}]}}, {@code status} a string as
 * JSON:API requires.
 */
record AminoError(Code code, String detail, java.util.Optional<java.time.Duration> retryAfter) {

  /** The codes, their statuses and titles; docs/dialects/amino.md lists them. */
  enum Code {
    INVALID_REQUEST(400, "Invalid request"),
    UNSUPPORTED_GRANT_TYPE(400, "Unsupported grant type"),
    UNKNOWN_AUTH_SERVICE(400, "Unknown authentication service"),
    MISSING_TENANT(400, "Missing tenant"),
    INVALID_CREDENTIALS(401, "Invalid credentials"),
    INVALID_GRANT(401, "Invalid grant"),
    INVALID_TOKEN(401, "Invalid token"),
    USER_DISABLED(403, "User disabled"),
    USER_MISMATCH(403, "User mismatch"),
    ACCESS_DENIED(403, "Access denied"),
    UNKNOWN_TENANT(401, "Unknown tenant"),
    CLIENT_NOT_CONFIGURED(403, "Client not configured"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    TEMPORARILY_UNAVAILABLE(503, "Temporarily unavailable");

    final int status;
    final String title;

    Code(int status, String title) {
      this.status = status;
      this.title = title;
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The Amino code of an engine refusal: every reason the core can give, mapped exhaustively. */
  static AminoError of(OAuthError e) {
    Code code = switch (e.reason()) {
      case MALFORMED, UNSUPPORTED -> Code.INVALID_REQUEST;
      case UNKNOWN_REALM -> Code.UNKNOWN_TENANT;
      case BAD_USER_CREDENTIALS -> Code.INVALID_CREDENTIALS;
      case USER_DISABLED -> Code.USER_DISABLED;
      case USER_MISMATCH -> Code.USER_MISMATCH;
      case UNKNOWN_TOKEN, EXPIRED_TOKEN, REUSED_TOKEN, REVOKED_TOKEN, WRONG_CLIENT -> Code.INVALID_GRANT;
      case BAD_CLIENT_CREDENTIALS, GRANT_NOT_ALLOWED, SCOPE_NOT_ALLOWED, INVALID_PROOF -> Code.ACCESS_DENIED;
      case UNKNOWN_AUTH_SERVICE -> Code.UNKNOWN_AUTH_SERVICE;
      case RATE_LIMITED -> Code.TOO_MANY_REQUESTS;
      case OVERLOADED -> Code.TEMPORARILY_UNAVAILABLE;
      case OTHER -> e.status() >= 500 ? Code.TEMPORARILY_UNAVAILABLE
          : e.status() == 401 ? Code.INVALID_GRANT
          : e.status() == 403 ? Code.ACCESS_DENIED
          : Code.INVALID_REQUEST;
    };
    return new AminoError(code, e.description(), e.retryAfter());
  }

  static AminoError of(Code code, String detail) {
    return new AminoError(code, detail, java.util.Optional.empty());
  }

  WireResponse render() {
    WireResponse r = new WireResponse(code.status, AminoResponses.HEADERS, Json.object(g -> {
      g.writeArrayFieldStart("errors");
      g.writeStartObject();
      g.writeStringField("status", Integer.toString(code.status));
      g.writeStringField("code", code.wire());
      g.writeStringField("title", code.title);
      g.writeStringField("detail", detail);
      g.writeEndObject();
      g.writeEndArray();
    }));
    return code == Code.TEMPORARILY_UNAVAILABLE && retryAfter.isEmpty() ? r.withHeader("Retry-After", "1")
        : r.withRetryAfter(retryAfter);
  }
}
