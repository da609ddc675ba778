package io.jeton.store.jdbc;

import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditStore;
import io.jeton.core.audit.AuditType;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

/**
 * Audit events in table {@code audit_event}, newest first by (realm, at, id). Fields longer than
 * their column (255 characters, 4000 for the detail) are cut rather than losing the event.
 */
final class JdbcAuditStore implements AuditStore {
  static final int FIELD_MAX = 255;
  static final int DETAIL_MAX = 4000;

  static final String RECENT = "SELECT realm, at, type, client_id, user_id, session_id, correlation_id, detail, "
      + "username, address FROM audit_event WHERE realm = ? ORDER BY at DESC, id DESC FETCH FIRST ? ROWS ONLY";

  private final Database db;

  JdbcAuditStore(Database db) {
    this.db = db;
  }

  private static final String INSERT = "INSERT INTO audit_event (realm, at, type, client_id, user_id, session_id, "
      + "correlation_id, detail, username, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /** Purge: a batch of a realm's events older than the retention (index realm, at, id). */
  static final String PURGE = "DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event "
      + "WHERE realm = ? AND at < ? FETCH FIRST ? ROWS ONLY)";

  @Override
  public void append(AuditEvent e) {
    db.update(INSERT, values(e));
  }

  /** One JDBC batch in one transaction: the background audit writer's batches cost one commit. */
  @Override
  public void appendAll(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (AuditEvent e : events) {
          Database.bind(ps, values(e));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  private static Object[] values(AuditEvent e) {
    return new Object[] {cut(e.realm(), FIELD_MAX), e.at(), e.type().name(), cut(e.clientId(), FIELD_MAX),
        cut(e.userId(), FIELD_MAX), cut(e.sessionId(), FIELD_MAX), cut(e.correlationId(), FIELD_MAX),
        cut(e.detail(), DETAIL_MAX), cut(e.username(), FIELD_MAX), cut(e.address(), FIELD_MAX)};
  }

  @Override
  public List<AuditEvent> recent(String realm, int limit) {
    return db.query(RECENT,
        rs -> new AuditEvent(rs.getString("realm"), Instant.ofEpochMilli(rs.getLong("at")),
            AuditType.valueOf(rs.getString("type")), rs.getString("client_id"), rs.getString("user_id"),
            rs.getString("session_id"), rs.getString("correlation_id"), rs.getString("detail"),
            rs.getString("username"), rs.getString("address")),
        cut(realm, FIELD_MAX), limit);
  }

  /** The realm's events, optionally of one type and since an instant, newest first (index realm, at, id). */
  @Override
  public List<AuditEvent> query(String realm, java.util.Optional<AuditType> type, java.util.Optional<Instant> since,
      int limit) {
    String sql = "SELECT realm, at, type, client_id, user_id, session_id, correlation_id, detail, username, address "
        + "FROM audit_event WHERE realm = ? AND at >= ?" + (type.isPresent() ? " AND type = ?" : "")
        + " ORDER BY at DESC, id DESC FETCH FIRST ? ROWS ONLY";
    java.util.List<Object> params = new java.util.ArrayList<>(List.of(cut(realm, FIELD_MAX),
        since.orElse(Instant.EPOCH)));
    type.ifPresent(t -> params.add(t.name()));
    params.add(limit);
    return db.query(sql, JdbcAuditStore::map, params.toArray());
  }

  private static AuditEvent map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new AuditEvent(rs.getString("realm"), Instant.ofEpochMilli(rs.getLong("at")),
        AuditType.valueOf(rs.getString("type")), rs.getString("client_id"), rs.getString("user_id"),
        rs.getString("session_id"), rs.getString("correlation_id"), rs.getString("detail"),
        rs.getString("username"), rs.getString("address"));
  }

  @Override
  public int purgeBefore(String realm, Instant before, int limit) {
    return db.update(PURGE, cut(realm, FIELD_MAX), before, limit);
  }

  /** The first {@code max} characters, never splitting a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }
}
