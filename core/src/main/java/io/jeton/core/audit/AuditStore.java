package io.jeton.core.audit;

import java.time.Instant;
import java.util.List;

/** Append-only storage of audit events, trimmed only by the purge job's retention. */
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

  /**
   * The realm's events of {@code type} when given, at or after {@code since} when given, newest
   * first, at most {@code limit}.
   */
  List<AuditEvent> query(String realm, java.util.Optional<AuditType> type, java.util.Optional<Instant> since,
      int limit);

  /**
   * Deletes up to {@code limit} events of {@code realm} that happened before {@code before} (SPEC 7,
   * {@code audit.retentionDays}); returns how many it deleted.
   */
  int purgeBefore(String realm, Instant before, int limit);
}
