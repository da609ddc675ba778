package io.jeton.core.error;

import java.util.Objects;

/**
 * A protocol refusal as a value (RFC 6749 section 5.2). Descriptions name the parameter and the
 * value; they are safe to send (they never contain secrets or tokens).
 *
 * @param reason a finer, machine-readable reason for dialects whose error shape has one (AGS's
 *     snake_case {@code code}, for example); never shown by the RFC endpoints
 */
public record OAuthError(ErrorCode code, String description, int status, Reason reason) {

  /** Why, more precisely than the RFC code: dialects map these to their own statuses. */
  public enum Reason {
    MALFORMED,
    UNKNOWN_REALM,
    BAD_CLIENT_CREDENTIALS,
    BAD_USER_CREDENTIALS,
    USER_DISABLED,
    USER_MISMATCH,
    UNKNOWN_TOKEN,
    EXPIRED_TOKEN,
    REUSED_TOKEN,
    REVOKED_TOKEN,
    WRONG_CLIENT,
    GRANT_NOT_ALLOWED,
    SCOPE_NOT_ALLOWED,
    UNSUPPORTED,
    UNKNOWN_AUTH_SERVICE,
    LOCKED_OUT,
    OVERLOADED,
    OTHER
  }

  public OAuthError {
    Objects.requireNonNull(code, "code");
    description = description == null ? "" : description;
    reason = reason == null ? Reason.OTHER : reason;
  }

  public static OAuthError of(ErrorCode code, String description) {
    return new OAuthError(code, description, code.defaultStatus(), Reason.OTHER);
  }

  public static OAuthError of(ErrorCode code, Reason reason, String description) {
    return new OAuthError(code, description, code.defaultStatus(), reason);
  }

  public static OAuthError invalidRequest(String description) {
    return of(ErrorCode.INVALID_REQUEST, Reason.MALFORMED, description);
  }

  public static OAuthError invalidClient(String description) {
    return of(ErrorCode.INVALID_CLIENT, Reason.BAD_CLIENT_CREDENTIALS, description);
  }

  public static OAuthError invalidGrant(Reason reason, String description) {
    return of(ErrorCode.INVALID_GRANT, reason, description);
  }

  public OAuthError withDescription(String newDescription) {
    return new OAuthError(code, newDescription, status, reason);
  }

  public OAuthError withStatus(int newStatus) {
    return new OAuthError(code, description, newStatus, reason);
  }
}
