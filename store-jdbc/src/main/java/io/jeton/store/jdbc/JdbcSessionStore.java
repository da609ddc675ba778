package io.jeton.store.jdbc;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions in table {@code session} and their refresh tokens in {@code refresh_token}, one row per
 * token keyed by (realm, hash).
 *
 * <p>Rotation is a compare-and-set in one READ COMMITTED transaction: {@code UPDATE ... WHERE used_at
 * IS NULL} takes the row lock; a concurrent rotation of the same token waits for that lock and, once
 * the winner commits, re-evaluates {@code used_at IS NULL} on the new row version (PostgreSQL's
 * EvalPlanQual, H2's MVStore row lock), finds it false and changes no row. Only the caller whose
 * update changed one row inserts the successor, so exactly one of any number of callers on any
 * number of nodes wins and the losers write nothing.
 *
 * <p>On PostgreSQL, {@link #create} and {@link #rotate} are each a single statement (a data-modifying
 * {@code WITH}), so the hot paths of login and refresh cost one round trip instead of three (statement,
 * statement, commit), with the same all-or-nothing effect. A rotation's statement is committed
 * together with those of concurrent refreshes ({@link GroupCommit}): one WAL flush for several. H2 is
 * in-process, where round trips are free, and runs the two statements in one transaction.
 *
 * <p>{@link #createCapped} serialises the logins of one user through the user's row: {@code SELECT
 * ... FOR UPDATE} on {@code app_user} (the same statement on H2 and PostgreSQL, and so across nodes),
 * then, still holding it, reads the user's live sessions (index {@code ix_session_user}), marks the
 * oldest beyond the cap revoked and inserts the new session, all in one transaction. A second login
 * of the same user waits for the lock and, READ COMMITTED, then sees the first one's session. A
 * session whose user has no row (a deleted user) is created without that lock.
 */
final class JdbcSessionStore implements SessionStore {
  private static final String SESSION_COLUMNS =
      "realm, id, user_id, client_id, auth_service, scope, created_at, expires_at, revoked_at, resources";
  private static final String TOKEN_COLUMNS =
      "realm, hash, session_id, client_id, issued_at, expires_at, used_at, successor_hash, dpop_jkt";
  private static final String INSERT_SESSION = "INSERT INTO session (" + SESSION_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_TOKEN = "INSERT INTO refresh_token (" + TOKEN_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String FIND_TOKEN = "SELECT t.hash, t.session_id, t.client_id AS t_client_id, t.issued_at, "
      + "t.expires_at AS t_expires_at, t.used_at, t.successor_hash, t.dpop_jkt, s.realm, s.id, s.user_id, "
      + "s.client_id, s.auth_service, s.scope, s.created_at, s.expires_at, s.revoked_at, s.resources, "
      + JdbcUserStore.JOINED_COLUMNS + " "
      + "FROM refresh_token t JOIN session s ON s.realm = t.realm AND s.id = t.session_id "
      + "LEFT JOIN app_user u ON u.realm = s.realm AND u.id = s.user_id "
      + "WHERE t.realm = ? AND t.hash = ?";
  static final String MARK_USED = "UPDATE refresh_token SET used_at = ?, successor_hash = ? "
      + "WHERE realm = ? AND hash = ? AND used_at IS NULL";

  /** PostgreSQL: mark used and insert the successor only if that marked a row, in one statement. */
  static final String ROTATE_PG = "WITH used AS (" + MARK_USED + " RETURNING 1) INSERT INTO refresh_token ("
      + TOKEN_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM used";
  /** PostgreSQL: the session and its first token in one statement. */
  static final String CREATE_PG = "WITH s AS (" + INSERT_SESSION + " RETURNING 1) INSERT INTO refresh_token ("
      + TOKEN_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM s";
  static final String FIND_SESSION = "SELECT " + SESSION_COLUMNS + " FROM session WHERE realm = ? AND id = ?";
  static final String REVOKE = "UPDATE session SET revoked_at = ? WHERE realm = ? AND id = ? AND revoked_at IS NULL";
  static final String LOCK_USER = "SELECT id FROM app_user WHERE realm = ? AND id = ? FOR UPDATE";
  static final String LIVE_OF_USER = "SELECT id FROM session WHERE realm = ? AND user_id = ? "
      + "AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at, id";

  /** Purge: a batch of sessions whose absolute expiry is before the cutoff (index realm, expires_at). */
  static final String PURGE_EXPIRED_SESSIONS = "DELETE FROM session WHERE realm = ? AND id IN (SELECT id FROM "
      + "session WHERE realm = ? AND expires_at < ? FETCH FIRST ? ROWS ONLY)";
  /** Purge: a batch of sessions revoked before the cutoff (index realm, revoked_at). */
  static final String PURGE_REVOKED_SESSIONS = "DELETE FROM session WHERE realm = ? AND id IN (SELECT id FROM "
      + "session WHERE realm = ? AND revoked_at < ? FETCH FIRST ? ROWS ONLY)";
  /** Purge: a batch of expired refresh tokens, used or not (index realm, expires_at). */
  static final String PURGE_EXPIRED_TOKENS = "DELETE FROM refresh_token WHERE realm = ? AND hash IN (SELECT hash "
      + "FROM refresh_token WHERE realm = ? AND expires_at < ? FETCH FIRST ? ROWS ONLY)";

  private final Database db;
  private final GroupCommit rotations;

  /** @param rotations where PostgreSQL rotations are committed together with concurrent ones */
  JdbcSessionStore(Database db, GroupCommit rotations) {
    this.db = db;
    this.rotations = rotations;
  }

  @Override
  public void create(Session session, RefreshToken first) {
    requireSameSession(session, first);
    Object[] sessionRow = sessionRow(session);
    if (db.dialect() == Dialect.POSTGRESQL) {
      db.update(CREATE_PG, concat(sessionRow, tokenRow(first)));
      return;
    }
    db.inTransaction(c -> {
      Database.update(c, INSERT_SESSION, sessionRow);
      Database.update(c, INSERT_TOKEN, tokenRow(first));
      return null;
    });
  }

  @Override
  public List<SessionId> createCapped(Session session, RefreshToken first, int maxLive) {
    requireSameSession(session, first);
    if (maxLive < 1) {
      throw new IllegalArgumentException("a session cap is at least 1, got " + maxLive);
    }
    String realm = session.realm().value();
    Instant now = session.createdAt();
    return db.inTransaction(c -> {
      Database.query(c, LOCK_USER, rs -> rs.getString(1), realm, session.userId().value());
      List<SessionId> live = Database.query(c, LIVE_OF_USER, rs -> SessionId.of(rs.getString(1)), realm,
          session.userId().value(), now);
      List<SessionId> evicted = List.copyOf(live.subList(0, Math.max(0, live.size() - (maxLive - 1))));
      for (SessionId id : evicted) {
        Database.update(c, REVOKE, now, realm, id.value());
      }
      Database.update(c, INSERT_SESSION, sessionRow(session));
      Database.update(c, INSERT_TOKEN, tokenRow(first));
      return evicted;
    });
  }

  @Override
  public Optional<Session> find(RealmName realm, SessionId id) {
    return db.queryOne(FIND_SESSION, JdbcSessionStore::mapSession, realm.value(), id.value());
  }

  @Override
  public Optional<RefreshLookup> findRefreshToken(RealmName realm, TokenHash hash) {
    return db.queryOne(FIND_TOKEN, rs -> {
      Session session = mapSession(rs);
      RefreshToken token = new RefreshToken(session.realm(), new TokenHash(rs.getString("hash")), session.id(),
          ClientId.of(rs.getString("t_client_id")), Instant.ofEpochMilli(rs.getLong("issued_at")),
          Instant.ofEpochMilli(rs.getLong("t_expires_at")), Database.instant(rs, "used_at"),
          Database.text(rs, "successor_hash").map(TokenHash::new), Database.text(rs, "dpop_jkt"));
      return new RefreshLookup(token, session, JdbcUserStore.mapJoined(rs));
    }, realm.value(), hash.value());
  }

  @Override
  public boolean rotate(RealmName realm, TokenHash used, Instant usedAt, RefreshToken successor) {
    if (!successor.realm().equals(realm)) {
      throw new IllegalArgumentException("successor of realm '" + successor.realm() + "' rotated in '" + realm + "'");
    }
    Object[] markUsed = {usedAt, successor.hash().value(), realm.value(), used.value()};
    if (db.dialect() == Dialect.POSTGRESQL) {
      return rotations.update(ROTATE_PG, realm.value() + '/' + used.value(), concat(markUsed, tokenRow(successor)))
          == 1;
    }
    return db.inTransaction(c -> {
      int changed = Database.update(c, MARK_USED, markUsed);
      if (changed != 1) {
        c.rollback();
        return false;
      }
      Database.update(c, INSERT_TOKEN, tokenRow(successor));
      return true;
    });
  }

  @Override
  public boolean revoke(RealmName realm, SessionId id, Instant at) {
    return db.update(REVOKE, at, realm.value(), id.value()) == 1;
  }

  /** Both kinds of ended session in one transaction; refresh tokens go with them (ON DELETE CASCADE). */
  @Override
  public int purgeEnded(RealmName realm, Instant before, int limit) {
    return db.inTransaction(c -> {
      int expired = Database.update(c, PURGE_EXPIRED_SESSIONS, realm.value(), realm.value(), before, limit);
      if (expired >= limit) {
        return expired;
      }
      return expired + Database.update(c, PURGE_REVOKED_SESSIONS, realm.value(), realm.value(), before,
          limit - expired);
    });
  }

  @Override
  public int purgeExpiredRefreshTokens(RealmName realm, Instant now, int limit) {
    return db.update(PURGE_EXPIRED_TOKENS, realm.value(), realm.value(), now, limit);
  }

  /** A user's live sessions, newest first, through {@code ix_session_user}. */
  static final String LIVE_USER_PAGE = "SELECT " + SESSION_COLUMNS + " FROM session WHERE realm = ? AND user_id = ? "
      + "AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
  /** A realm's live sessions, latest expiry first, through {@code ix_session_realm_expires}. */
  static final String LIVE_PAGE = "SELECT " + SESSION_COLUMNS + " FROM session WHERE realm = ? "
      + "AND expires_at > ? AND revoked_at IS NULL ORDER BY expires_at DESC, id DESC FETCH FIRST ? ROWS ONLY";

  @Override
  public List<Session> live(RealmName realm, Optional<UserId> user, Instant now, int limit) {
    return user.isPresent()
        ? db.query(LIVE_USER_PAGE, JdbcSessionStore::mapSession, realm.value(), user.get().value(), now, limit)
        : db.query(LIVE_PAGE, JdbcSessionStore::mapSession, realm.value(), now, limit);
  }

  private static Object[] sessionRow(Session s) {
    return new Object[] {s.realm().value(), s.id().value(), s.userId().value(), s.clientId().value(),
        s.authService(), ListCodec.encodeSorted(s.scope()), s.createdAt(), s.expiresAt(),
        Database.millis(s.revokedAt()), ListCodec.encode(s.resources())};
  }

  private static Object[] tokenRow(RefreshToken t) {
    return new Object[] {t.realm().value(), t.hash().value(), t.sessionId().value(), t.clientId().value(),
        t.issuedAt(), t.expiresAt(), Database.millis(t.usedAt()), Database.text(t.successor().map(TokenHash::value)),
        Database.text(t.dpopJkt())};
  }

  static Object[] concat(Object[] a, Object[] b) {
    Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void requireSameSession(Session session, RefreshToken token) {
    if (!session.realm().equals(token.realm()) || !session.id().equals(token.sessionId())) {
      throw new IllegalArgumentException("refresh token of session '" + token.sessionId()
          + "' created with session '" + session.id() + "'");
    }
  }

  static Session mapSession(ResultSet rs) throws SQLException {
    return new Session(RealmName.of(rs.getString("realm")), SessionId.of(rs.getString("id")),
        UserId.of(rs.getString("user_id")), ClientId.of(rs.getString("client_id")), rs.getString("auth_service"),
        Set.copyOf(ListCodec.decode(rs.getString("scope"))), Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")), Database.instant(rs, "revoked_at"),
        ListCodec.decode(rs.getString("resources")));
  }
}
