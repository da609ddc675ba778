package io.jeton.core.error;

/**
 * The protocol error codes Jeton can answer with and their default HTTP status: RFC 6749
 * section 5.2, RFC 7009 section 2.2.1, RFC 6750 section 3.1. The one place these live.
 */
public enum ErrorCode {
  INVALID_REQUEST("invalid_request", 400),
  INVALID_CLIENT("invalid_client", 401),
  INVALID_GRANT("invalid_grant", 400),
  UNAUTHORIZED_CLIENT("unauthorized_client", 400),
  UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
  INVALID_SCOPE("invalid_scope", 400),
  /** RFC 8707 section 2: a {@code resource} the client may not ask for, or not an absolute URI. */
  INVALID_TARGET("invalid_target", 400),
  UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400),
  /** RFC 6749 section 4.1.2.1: the authorization endpoint answers only {@code response_type=code}. */
  UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400),
  INVALID_TOKEN("invalid_token", 401),
  ACCESS_DENIED("access_denied", 403),
  /**
   * Too many requests (SPEC 7): the code RFC 8628 section 3.5 registered for "slow down", with
   * HTTP 429 (RFC 6585 section 4) and {@code Retry-After}.
   */
  SLOW_DOWN("slow_down", 429),
  NOT_FOUND("not_found", 404),
  /** RFC 9449 section 5: the DPoP proof is missing where required, malformed, or by another key. */
  INVALID_DPOP_PROOF("invalid_dpop_proof", 400),
  /** RFC 9449 section 8: the proof must carry the nonce sent in the {@code DPoP-Nonce} header. */
  USE_DPOP_NONCE("use_dpop_nonce", 400),
  TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503),
  SERVER_ERROR("server_error", 500);

  private final String wire;
  private final int status;

  ErrorCode(String wire, int status) {
    this.wire = wire;
    this.status = status;
  }

  /** The code as it appears in the {@code error} field. */
  public String wire() {
    return wire;
  }

  public int defaultStatus() {
    return status;
  }
}
