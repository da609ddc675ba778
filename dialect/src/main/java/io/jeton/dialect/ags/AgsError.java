package io.jeton.dialect.ags;

import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;

/**
 * An AGS error (SPEC section 3.3): {@code {"code":"<snake_case reason>","message":...}} with 400
 * for a bad request, 401 for a bad credential or token, 403 for a refusal; 405 for a wrong method
 * and 503 when a directory or the password pool is unavailable.
 */
record AgsError(Code code, String message, java.util.Optional<java.time.Duration> retryAfter) {

  /** The snake_case codes and their statuses; docs/dialects/ags.md lists them. */
  enum Code {
    MISSING_HEADER(400),
    INVALID_HEADER(400),
    UNSUPPORTED_CONTENT_TYPE(400),
    MALFORMED_BODY(400),
    INVALID_PARAMETERS(400),
    UNKNOWN_AUTH_SERVICE(400),
    UNSUPPORTED(400),
    INVALID_CREDENTIALS(401),
    INVALID_TOKEN(401),
    TOKEN_EXPIRED(401),
    TOKEN_REUSED(401),
    TOKEN_REVOKED(401),
    UNKNOWN_TENANT(403),
    CLIENT_NOT_CONFIGURED(403),
    CLIENT_MISMATCH(403),
    USER_MISMATCH(403),
    USER_DISABLED(403),
    ACCESS_DENIED(403),
    METHOD_NOT_ALLOWED(405),
    TOO_MANY_REQUESTS(429),
    TEMPORARILY_UNAVAILABLE(503);

    final int status;

    Code(int status) {
      this.status = status;
    }

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The AGS code of an engine refusal: every reason the core can give, mapped exhaustively. */
  static AgsError of(OAuthError e) {
    Code code = switch (e.reason()) {
      case MALFORMED -> Code.INVALID_PARAMETERS;
      case UNKNOWN_REALM -> Code.UNKNOWN_TENANT;
      case BAD_USER_CREDENTIALS -> Code.INVALID_CREDENTIALS;
      case USER_DISABLED -> Code.USER_DISABLED;
      case USER_MISMATCH -> Code.USER_MISMATCH;
      case UNKNOWN_TOKEN -> Code.INVALID_TOKEN;
      case EXPIRED_TOKEN -> Code.TOKEN_EXPIRED;
      case REUSED_TOKEN -> Code.TOKEN_REUSED;
      case REVOKED_TOKEN -> Code.TOKEN_REVOKED;
      case WRONG_CLIENT -> Code.CLIENT_MISMATCH;
      case BAD_CLIENT_CREDENTIALS, GRANT_NOT_ALLOWED, SCOPE_NOT_ALLOWED, INVALID_PROOF -> Code.ACCESS_DENIED;
      case UNSUPPORTED -> Code.UNSUPPORTED;
      case UNKNOWN_AUTH_SERVICE -> Code.UNKNOWN_AUTH_SERVICE;
      case RATE_LIMITED -> Code.TOO_MANY_REQUESTS;
      case OVERLOADED -> Code.TEMPORARILY_UNAVAILABLE;
      case OTHER -> e.status() >= 500 ? Code.TEMPORARILY_UNAVAILABLE
          : e.status() == 401 ? Code.INVALID_TOKEN
          : e.status() == 403 ? Code.ACCESS_DENIED
          : Code.INVALID_PARAMETERS;
    };
    return new AgsError(code, e.description(), e.retryAfter());
  }

  static AgsError of(Code code, String message) {
    return new AgsError(code, message, java.util.Optional.empty());
  }

  WireResponse render() {
    WireResponse r = WireResponse.noStoreJson(code.status, Json.object(g -> {
      g.writeStringField("code", code.wire());
      g.writeStringField("message", message);
    }));
    return code == Code.TEMPORARILY_UNAVAILABLE && retryAfter.isEmpty() ? r.withHeader("Retry-After", "1")
        : r.withRetryAfter(retryAfter);
  }
}
