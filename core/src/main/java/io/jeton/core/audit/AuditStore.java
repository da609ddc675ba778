package io.jeton.core.audit;

import java.util.List;

/** Append-only storage of audit events. */
public interface AuditStore {
  void append(AuditEvent event);

  /** The newest events of a realm, newest first, at most {@code limit}. */
  List<AuditEvent> recent(String realm, int limit);
}
