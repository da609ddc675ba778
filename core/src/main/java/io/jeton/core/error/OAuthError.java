package io.jeton.core.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A protocol refusal as a value (RFC 6749 section 5.2). Descriptions name the parameter and the
 * value; they are safe to send (they never contain secrets or tokens).
 *
 * @param reason a finer, machine-readable reason for dialects whose error shape has one (AGS's
 *     snake_case {@code code}, for example); never shown by the RFC endpoints
 * @param retryAfter when the caller may try again, for a 429 or 503 ({@code Retry-After}, RFC 9110
 *     section 10.2.3)
 */
public record OAuthError(ErrorCode code, String description, int status, Reason reason,
    Optional<Duration> retryAfter) {

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
    /** Too many requests from this caller: a client's rate limit, or its failed authentications (SPEC 7). */
    RATE_LIMITED,
    OVERLOADED,
    /** A proof of possession (a DPoP proof, RFC 9449) is missing, bad, replayed or by another key. */
    INVALID_PROOF,
    OTHER
  }

  public OAuthError {
    Objects.requireNonNull(code, "code");
    description = description == null ? "" : description;
    reason = reason == null ? Reason.OTHER : reason;
    retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
  }

  public OAuthError(ErrorCode code, String description, int status, Reason reason) {
    this(code, description, status, reason, Optional.empty());
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

  /** 429 {@code slow_down} with {@code Retry-After} (SPEC 7). */
  public static OAuthError rateLimited(String description, Duration retryAfter) {
    return new OAuthError(ErrorCode.SLOW_DOWN, description, ErrorCode.SLOW_DOWN.defaultStatus(), Reason.RATE_LIMITED,
        Optional.of(retryAfter));
  }

  public static OAuthError invalidGrant(Reason reason, String description) {
    return of(ErrorCode.INVALID_GRANT, reason, description);
  }

  public OAuthError withDescription(String newDescription) {
    return new OAuthError(code, newDescription, status, reason, retryAfter);
  }

  public OAuthError withStatus(int newStatus) {
    return new OAuthError(code, description, newStatus, reason, retryAfter);
  }
}
