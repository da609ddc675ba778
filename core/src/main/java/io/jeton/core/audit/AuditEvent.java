package io.jeton.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored security event. Never holds a token or secret: subjects are ids, details are words.
 * Empty strings stand for "not applicable".
 *
 * @param username the username a login tried (failed logins name who was tried, review H2)
 * @param address the caller's remote address, where the request had one
 */
public record AuditEvent(
    String realm,
    Instant at,
    AuditType type,
    String clientId,
    String userId,
    String sessionId,
    String correlationId,
    String detail,
    String username,
    String address) {
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    realm = realm == null ? "" : realm;
    clientId = clientId == null ? "" : clientId;
    userId = userId == null ? "" : userId;
    sessionId = sessionId == null ? "" : sessionId;
    correlationId = correlationId == null ? "" : correlationId;
    detail = detail == null ? "" : detail;
    username = username == null ? "" : username;
    address = address == null ? "" : address;
  }

  /** An event that names no username and no address. */
  public AuditEvent(String realm, Instant at, AuditType type, String clientId, String userId, String sessionId,
      String correlationId, String detail) {
    this(realm, at, type, clientId, userId, sessionId, correlationId, detail, "", "");
  }
}
