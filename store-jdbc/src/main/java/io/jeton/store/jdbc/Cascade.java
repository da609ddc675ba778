package io.jeton.store.jdbc;

import io.jeton.core.revoke.RevocationEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The deletes behind the admin operations (SPEC 11), each run inside the caller's transaction so
 * that a deleted realm, client or user leaves no row behind and a failure leaves everything as it
 * was. Sessions are chosen by a condition on {@code session} ({@code client_id = ?} or {@code
 * user_id = ?}): each one still live first gets its {@code SESSION} revocation entry, so that its
 * access tokens become inactive on every node, then its browser links and the session go (its
 * refresh tokens with it, ON DELETE CASCADE). A client's sessions are found by a scan of the
 * realm's sessions: an index on {@code client_id} would cost every login a write for an operation
 * an operator runs now and then; a user's through {@code ix_session_user}.
 */
final class Cascade {
  /** Every table with a {@code realm} column, children before parents. */
  static final String[] REALM_TABLES = {"browser_session_link", "authorization_code", "browser_session",
      "refresh_token", "session", "revocation", "signing_key", "user_lockout", "replay", "client", "app_user",
      "audit_event"};

  private Cascade() {}

  /** Deletes the sessions of {@code realm} matching {@code condition} (one {@code ?}, bound to {@code value}). */
  static void deleteSessions(Database db, Connection c, String realm, String condition, String value, Instant at,
      Instant entryExpiresAt) throws SQLException {
    String kind = RevocationEntry.Kind.SESSION.name();
    String entries = "INSERT INTO revocation (realm, kind, subject, expires_at) SELECT s.realm, ?, s.id, ? "
        + "FROM session s WHERE s.realm = ? AND s." + condition + " AND s.revoked_at IS NULL AND s.expires_at > ? "
        + "AND NOT EXISTS (SELECT 1 FROM revocation r WHERE r.realm = s.realm AND r.kind = ? AND r.subject = s.id)"
        + (db.dialect() == Dialect.POSTGRESQL ? " ON CONFLICT (realm, kind, subject) DO NOTHING" : "");
    Database.update(c, entries, kind, entryExpiresAt, realm, value, at, kind);
    Database.update(c, "DELETE FROM browser_session_link WHERE realm = ? AND session_id IN (SELECT id FROM session "
        + "WHERE realm = ? AND " + condition + ")", realm, realm, value);
    Database.update(c, "DELETE FROM session WHERE realm = ? AND " + condition, realm, value);
  }

  /** Deletes every row of the realm, in every table. Returns whether the realm row existed. */
  static boolean deleteRealm(Connection c, String realm) throws SQLException {
    for (String table : REALM_TABLES) {
      Database.update(c, "DELETE FROM " + table + " WHERE realm = ?", realm);
    }
    return Database.update(c, "DELETE FROM realm WHERE name = ?", realm) == 1;
  }
}
