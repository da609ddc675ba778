package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.revoke.RevocationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Revocations in table {@code revocation}: an identity {@code seq} that nodes poll past, a unique
 * (realm, kind, subject) that makes recording the same revocation twice a no-op.
 *
 * <p>On PostgreSQL an access token's revocation, one insert-if-absent, is committed together with
 * those of concurrent revocations ({@link GroupCommit}): one transaction and one WAL flush for a
 * batch, each caller answered once its batch committed. H2 is in-process, where a commit costs less
 * than the hand-off to a flusher thread, and commits each revocation on its own connection (the
 * same-run measurement: docs/benchmarks.md, "Revocation's group commit on a quiet machine").
 */
final class JdbcRevocationStore implements RevocationStore {
  static final String SINCE = "SELECT seq, realm, kind, subject, expires_at FROM revocation WHERE seq > ? "
      + "ORDER BY seq FETCH FIRST ? ROWS ONLY";
  static final String PURGE = "DELETE FROM revocation WHERE seq IN (SELECT seq FROM revocation "
      + "WHERE realm = ? AND expires_at < ? FETCH FIRST ? ROWS ONLY)";
  /** How many sequence numbers one {@link #WITH_SEQS} statement asks for (unused places repeat -1). */
  static final int SEQS_PER_QUERY = 100;
  static final String WITH_SEQS = "SELECT seq, realm, kind, subject, expires_at FROM revocation WHERE seq IN ("
      + String.join(", ", java.util.Collections.nCopies(SEQS_PER_QUERY, "?")) + ") ORDER BY seq";
  static final String MARK_SESSION_REVOKED = "UPDATE session SET revoked_at = COALESCE(revoked_at, ?) "
      + "WHERE realm = ? AND id = ?";

  /**
   * PostgreSQL: {@link #MARK_SESSION_REVOKED} and the entry's guarded insert in one statement, answering
   * whether the session exists.
   */
  static final String REVOKE_SESSION_PG = "WITH s AS (" + MARK_SESSION_REVOKED + " RETURNING 1), "
      + "e AS (INSERT INTO revocation (realm, kind, subject, expires_at) SELECT ?, ?, ?, ? FROM s "
      + "WHERE NOT EXISTS (SELECT 1 FROM revocation WHERE realm = ? AND kind = ? AND subject = ?) "
      + "ON CONFLICT (realm, kind, subject) DO NOTHING RETURNING 1) "
      + "SELECT COUNT(*) FROM s";

  private final Database db;
  private final GroupCommit groupCommit;
  private final String insertEntry;

  /** @param groupCommit where access-token revocations are committed together with concurrent ones */
  JdbcRevocationStore(Database db, GroupCommit groupCommit) {
    this.db = db;
    this.groupCommit = groupCommit;
    this.insertEntry = db.dialect().insertIfAbsent("revocation", new String[] {"realm", "kind", "subject"},
        new String[] {"realm", "kind", "subject", "expires_at"});
  }

  @Override
  public void revokeAccessToken(RealmName realm, String jti, Instant expiresAt) {
    String kind = RevocationEntry.Kind.ACCESS_TOKEN.name();
    if (db.dialect() == Dialect.POSTGRESQL) {
      groupCommit.update(insertEntry, realm.value() + '/' + jti, realm.value(), kind, jti, expiresAt, realm.value(),
          kind, jti);
      return;
    }
    db.withConnection(c -> db.insertIfAbsent(c, insertEntry, realm.value(), kind, jti, expiresAt, realm.value(), kind,
        jti));
  }

  @Override
  public boolean revokeSession(RealmName realm, SessionId session, Instant at, Instant entryExpiresAt) {
    String kind = RevocationEntry.Kind.SESSION.name();
    if (db.dialect() == Dialect.POSTGRESQL) {
      return db.queryOne(REVOKE_SESSION_PG, rs -> rs.getLong(1), at, realm.value(), session.value(), realm.value(),
          kind, session.value(), entryExpiresAt, realm.value(), kind, session.value()).orElseThrow() == 1;
    }
    return db.inTransaction(c -> {
      // One statement both tells whether the session exists and marks it revoked if it is not yet.
      int found = Database.update(c, MARK_SESSION_REVOKED, at, realm.value(), session.value());
      if (found != 1) {
        c.rollback();
        return false;
      }
      db.insertIfAbsent(c, insertEntry, realm.value(), kind, session.value(), entryExpiresAt, realm.value(), kind,
          session.value());
      return true;
    });
  }

  @Override
  public List<RevocationEntry> since(long afterSeq, int limit) {
    return db.query(SINCE, JdbcRevocationStore::map, afterSeq, limit);
  }

  @Override
  public List<RevocationEntry> withSeqs(Collection<Long> seqs) {
    List<Long> all = List.copyOf(seqs);
    List<RevocationEntry> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += SEQS_PER_QUERY) {
      Object[] params = new Object[SEQS_PER_QUERY];
      Arrays.fill(params, -1L);
      for (int i = from; i < Math.min(all.size(), from + SEQS_PER_QUERY); i++) {
        params[i - from] = all.get(i);
      }
      out.addAll(db.query(WITH_SEQS, JdbcRevocationStore::map, params));
    }
    out.sort(Comparator.comparingLong(RevocationEntry::seq));
    return out;
  }

  @Override
  public int purgeExpired(RealmName realm, Instant now, int limit) {
    return db.update(PURGE, realm.value(), now, limit);
  }

  private static RevocationEntry map(ResultSet rs) throws SQLException {
    return new RevocationEntry(rs.getLong("seq"), RealmName.of(rs.getString("realm")),
        RevocationEntry.Kind.valueOf(rs.getString("kind")), rs.getString("subject"),
        Instant.ofEpochMilli(rs.getLong("expires_at")));
  }
}
