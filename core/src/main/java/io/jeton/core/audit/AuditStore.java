package io.jeton.core.audit;

import java.util.List;

/** Append-only storage of audit events. */
public interface AuditStore {
  void append(AuditEvent event);

  /** Appends several events at once (one transaction where the store can); by default one by one. */
  default void appendAll(List<AuditEvent> events) {
    for (AuditEvent e : events) {
      append(e);
    }
  }

  /** The newest events of a realm, newest first, at most {@code limit}. */
  List<AuditEvent> recent(String realm, int limit);
}
