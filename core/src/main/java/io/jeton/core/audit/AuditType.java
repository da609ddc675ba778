package io.jeton.core.audit;

/** What an audit event records (SPEC section 4). */
public enum AuditType {
  LOGIN_OK,
  LOGIN_FAILED,
  REFRESH,
  REFRESH_REUSE_DETECTED,
  /** A just-used refresh token retried inside the realm's grace window (SPEC 7). */
  REFRESH_REPLAYED,
  REVOKE,
  CLIENT_AUTH_FAILED,
  LOCKOUT,
  /** A change made through the admin REST API (SPEC 11), recorded in the admin realm. */
  ADMIN_ACTION
}
