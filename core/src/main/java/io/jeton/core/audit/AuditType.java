package io.jeton.core.audit;

/** What an audit event records (SPEC section 4). */
public enum AuditType {
  LOGIN_OK,
  LOGIN_FAILED,
  REFRESH,
  REFRESH_REUSE_DETECTED,
  REVOKE,
  CLIENT_AUTH_FAILED,
  LOCKOUT
}
