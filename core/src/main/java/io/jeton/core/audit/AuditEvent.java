package io.jeton.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored security event. Never holds a token or secret: subjects are ids, details are words.
 * Empty strings stand for "not applicable".
 */
public record AuditEvent(
    String realm,
    Instant at,
    AuditType type,
    String clientId,
    String userId,
    String sessionId,
    String correlationId,
    String detail) {
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    realm = realm == null ? "" : realm;
    clientId = clientId == null ? "" : clientId;
    userId = userId == null ? "" : userId;
    sessionId = sessionId == null ? "" : sessionId;
    correlationId = correlationId == null ? "" : correlationId;
    detail = detail == null ? "" : detail;
  }
}
