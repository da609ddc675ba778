package io.jeton.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

/**
 * An OAuth error: the {@code error} code, its {@code error_description} and the HTTP status,
 * parsed from the server's RFC 6749 section 5.2 answer (the shape Jeton sends), or raised by the
 * SDK itself for a token it refuses ({@code invalid_token}, 401, RFC 6750 section 3.1).
 *
 * <p>The one exception type of the SDK for a refusal. Transport failures (no answer, a timeout)
 * are {@link java.io.UncheckedIOException}s, because nothing was refused.
 */
public final class OAuthError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The longest description kept from a server's answer; the rest is cut. */
  static final int MAX_DESCRIPTION = 1024;

  private final String error;
  private final String description;
  private final int status;

  public OAuthError(String error, String description, int status) {
    super(message(error, description, status));
    if (error == null || error.isBlank()) {
      throw new IllegalArgumentException("error code is required");
    }
    this.error = error;
    this.description = description;
    this.status = status;
  }

  /** RFC 6750 section 3.1 {@code invalid_token}, 401: the SDK refused an access token. */
  public static OAuthError invalidToken(String description) {
    return new OAuthError("invalid_token", description, 401);
  }

  /**
   * The error of an HTTP answer with a status other than 2xx. The body's {@code error} and {@code
   * error_description} when it is such a JSON object; otherwise {@code server_error} for a 5xx and
   * {@code invalid_request} for anything else, with a description that names the status.
   */
  public static OAuthError fromResponse(int status, String body) {
    try {
      Map<String, Object> json = JSONObjectUtils.parse(body == null ? "" : body);
      if (json.get("error") instanceof String code && !code.isBlank()) {
        return new OAuthError(code, json.get("error_description") instanceof String d ? cut(d) : null, status);
      }
    } catch (ParseException | RuntimeException e) {
      // not an OAuth error body: fall through to the status
    }
    return new OAuthError(status >= 500 ? "server_error" : "invalid_request",
        "HTTP " + status + " without an OAuth error body", status);
  }

  /** The RFC 6749 error code, such as {@code invalid_grant}. */
  public String error() {
    return error;
  }

  /** The {@code error_description}, when there was one. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The HTTP status of the answer (401 for a token the verifier refused). */
  public int status() {
    return status;
  }

  private static String cut(String s) {
    return s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION);
  }

  private static String message(String error, String description, int status) {
    return error + (description == null ? "" : ": " + description) + " (HTTP " + status + ")";
  }
}
