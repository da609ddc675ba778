package io.jeton.store.jdbc;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import io.jeton.core.browser.AuthorizationCode;
import io.jeton.core.browser.BrowserSession;
import io.jeton.core.browser.BrowserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Browser sessions in {@code browser_session}, their Jeton sessions in {@code
 * browser_session_link}, and codes in {@code authorization_code}, each keyed by (realm, hash).
 *
 * <p>A code's first use is {@code UPDATE ... SET used_at WHERE used_at IS NULL}: READ COMMITTED, a
 * concurrent use waits for the row lock, re-evaluates the condition on the committed row, finds it
 * false and changes nothing; so exactly one of any number of callers on any number of nodes gets
 * the code. Every other use records {@code replayed_at}, which {@link #attach} reads back in the
 * same statement that stores the issued session, so a replay that raced the first use is seen.
 */
final class JdbcBrowserStore implements BrowserStore {
  static final String SESSION_COLUMNS =
      "realm, hash, user_id, auth_service, created_at, expires_at, idle_expires_at, ended_at";
  static final String CODE_COLUMNS = "realm, hash, client_id, redirect_uri, code_challenge, scope, resources, "
      + "user_id, auth_service, browser_hash, expires_at";
  static final String USE = "UPDATE authorization_code SET used_at = ? WHERE realm = ? AND hash = ? "
      + "AND used_at IS NULL";
  static final String REPLAY = "UPDATE authorization_code SET replayed_at = COALESCE(replayed_at, ?) "
      + "WHERE realm = ? AND hash = ?";

  private final Database db;
  private final String insertLink;

  JdbcBrowserStore(Database db) {
    this.db = db;
    this.insertLink = db.dialect().insertIfAbsent("browser_session_link",
        new String[] {"realm", "browser_hash", "session_id"},
        new String[] {"realm", "browser_hash", "session_id", "linked_at"});
  }

  @Override
  public void createSession(BrowserSession s) {
    db.update("INSERT INTO browser_session (" + SESSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        s.realm().value(), s.hash().value(), s.userId().value(), s.authService(), s.createdAt(), s.expiresAt(),
        s.idleExpiresAt(), Database.millis(s.endedAt()));
  }

  @Override
  public Optional<BrowserSession> findSession(RealmName realm, TokenHash hash) {
    return db.queryOne("SELECT " + SESSION_COLUMNS + " FROM browser_session WHERE realm = ? AND hash = ?",
        JdbcBrowserStore::session, realm.value(), hash.value());
  }

  @Override
  public void touchSession(RealmName realm, TokenHash hash, Instant idleExpiresAt) {
    db.update("UPDATE browser_session SET idle_expires_at = ? WHERE realm = ? AND hash = ? AND ended_at IS NULL "
        + "AND idle_expires_at < ?", idleExpiresAt, realm.value(), hash.value(), idleExpiresAt);
  }

  @Override
  public boolean endSession(RealmName realm, TokenHash hash, Instant at) {
    return db.update("UPDATE browser_session SET ended_at = ? WHERE realm = ? AND hash = ? AND ended_at IS NULL",
        at, realm.value(), hash.value()) == 1;
  }

  @Override
  public void link(RealmName realm, TokenHash browser, SessionId session) {
    db.withConnection(c -> db.insertIfAbsent(c, insertLink, realm.value(), browser.value(), session.value(),
        System.currentTimeMillis(), realm.value(), browser.value(), session.value()));
  }

  @Override
  public List<SessionId> linked(RealmName realm, TokenHash browser) {
    return db.query("SELECT session_id FROM browser_session_link WHERE realm = ? AND browser_hash = ? "
        + "ORDER BY linked_at, session_id", rs -> new SessionId(rs.getString(1)), realm.value(), browser.value());
  }

  @Override
  public void insertCode(AuthorizationCode c) {
    db.update("INSERT INTO authorization_code (" + CODE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        c.realm().value(), c.hash().value(), c.clientId().value(), c.redirectUri(), c.codeChallenge(),
        ListCodec.encode(c.scope()), ListCodec.encode(c.resources()), c.userId().value(), c.authService(),
        c.browserSession().value(), c.expiresAt());
  }

  @Override
  public CodeUse use(RealmName realm, TokenHash hash, Instant at) {
    if (db.update(USE, at, realm.value(), hash.value()) == 1) {
      return db.queryOne("SELECT " + CODE_COLUMNS + " FROM authorization_code WHERE realm = ? AND hash = ?",
          JdbcBrowserStore::code, realm.value(), hash.value()).<CodeUse>map(CodeUse.First::new)
          .orElseGet(CodeUse.Unknown::new);
    }
    if (db.update(REPLAY, at, realm.value(), hash.value()) == 0) {
      return new CodeUse.Unknown();
    }
    Optional<String> sid = db.queryOne("SELECT session_id FROM authorization_code WHERE realm = ? AND hash = ?",
        rs -> Optional.ofNullable(rs.getString(1)), realm.value(), hash.value()).flatMap(o -> o);
    return new CodeUse.Replayed(sid.map(SessionId::new));
  }

  @Override
  public boolean attach(RealmName realm, TokenHash code, SessionId session) {
    return db.inTransaction(c -> {
      Database.update(c, "UPDATE authorization_code SET session_id = ? WHERE realm = ? AND hash = ?",
          session.value(), realm.value(), code.value());
      List<Boolean> replayed = Database.query(c, "SELECT replayed_at FROM authorization_code WHERE realm = ? "
          + "AND hash = ?", rs -> {
            rs.getLong(1);
            return !rs.wasNull();
          }, realm.value(), code.value());
      return !replayed.isEmpty() && replayed.get(0);
    });
  }

  @Override
  public int purgeCodes(RealmName realm, Instant before, int limit) {
    return db.update("DELETE FROM authorization_code WHERE realm = ? AND hash IN (SELECT hash FROM "
        + "authorization_code WHERE realm = ? AND expires_at < ? FETCH FIRST ? ROWS ONLY)", realm.value(),
        realm.value(), before, limit);
  }

  @Override
  public int purgeSessions(RealmName realm, Instant before, int limit) {
    return db.inTransaction(c -> {
      List<String> dead = Database.query(c, "SELECT hash FROM browser_session WHERE realm = ? AND "
          + "(expires_at < ? OR idle_expires_at < ? OR ended_at < ?) FETCH FIRST ? ROWS ONLY",
          rs -> rs.getString(1), realm.value(), before, before, before, limit);
      for (String h : dead) {
        Database.update(c, "DELETE FROM browser_session_link WHERE realm = ? AND browser_hash = ?", realm.value(), h);
        Database.update(c, "DELETE FROM browser_session WHERE realm = ? AND hash = ?", realm.value(), h);
      }
      return dead.size();
    });
  }

  private static BrowserSession session(ResultSet rs) throws SQLException {
    return new BrowserSession(RealmName.of(rs.getString("realm")), new TokenHash(rs.getString("hash")),
        new UserId(rs.getString("user_id")), rs.getString("auth_service"),
        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
        Instant.ofEpochMilli(rs.getLong("idle_expires_at")), Database.instant(rs, "ended_at"));
  }

  private static AuthorizationCode code(ResultSet rs) throws SQLException {
    return new AuthorizationCode(RealmName.of(rs.getString("realm")), new TokenHash(rs.getString("hash")),
        ClientId.of(rs.getString("client_id")), rs.getString("redirect_uri"), rs.getString("code_challenge"),
        ListCodec.decode(rs.getString("scope")), ListCodec.decode(rs.getString("resources")),
        new UserId(rs.getString("user_id")), rs.getString("auth_service"), new TokenHash(rs.getString("browser_hash")),
        Instant.ofEpochMilli(rs.getLong("expires_at")));
  }
}
