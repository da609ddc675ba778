package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Users in table {@code app_user}, keyed by (realm, id) with a unique (realm, username); roles keep
 * their order, attributes are a map, both in one column so that a login reads one row.
 */
final class JdbcUserStore implements UserStore {
  private static final String COLUMNS = "realm, id, username, password_hash, enabled, roles, attributes";

  static final String FIND_BY_USERNAME = "SELECT " + COLUMNS + " FROM app_user WHERE realm = ? AND username = ?";

  private final Database db;
  private final String upsert;

  JdbcUserStore(Database db) {
    this.db = db;
    this.upsert = db.dialect().upsert("app_user", new String[] {"realm", "id"}, COLUMNS.split(", "));
  }

  @Override
  public Optional<User> findByUsername(RealmName realm, String username) {
    return db.queryOne(FIND_BY_USERNAME, JdbcUserStore::map, realm.value(), username);
  }

  @Override
  public Optional<User> findById(RealmName realm, UserId id) {
    return db.queryOne("SELECT " + COLUMNS + " FROM app_user WHERE realm = ? AND id = ?", JdbcUserStore::map,
        realm.value(), id.value());
  }

  @Override
  public void upsert(User user) {
    db.update(upsert, user.realm().value(), user.id().value(), user.username(), Database.text(user.passwordHash()),
        user.enabled(), ListCodec.encode(user.roles()), ListCodec.encode(user.attributes()));
  }

  @Override
  public boolean delete(RealmName realm, UserId id) {
    return db.update("DELETE FROM app_user WHERE realm = ? AND id = ?", realm.value(), id.value()) == 1;
  }

  @Override
  public boolean create(User user) {
    String insert = "INSERT INTO app_user (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    return db.withConnection(c -> {
      try {
        return Database.update(c, insert, user.realm().value(), user.id().value(), user.username(),
            Database.text(user.passwordHash()), user.enabled(), ListCodec.encode(user.roles()),
            ListCodec.encode(user.attributes())) == 1;
      } catch (SQLException e) {
        if (Database.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  /** A page in username order, through the unique (realm, username) index. */
  static final String PAGE = "SELECT " + COLUMNS + " FROM app_user WHERE realm = ? AND username > ? "
      + "ORDER BY username FETCH FIRST ? ROWS ONLY";

  @Override
  public java.util.List<User> list(RealmName realm, Optional<String> afterUsername, int limit) {
    return db.query(PAGE, JdbcUserStore::map, realm.value(), afterUsername.orElse(""), limit);
  }

  /** The user's row is locked first, as a capped login locks it, so no login of the user runs half across it. */
  @Override
  public boolean deleteWithSessions(RealmName realm, UserId id, java.time.Instant at,
      java.time.Instant entryExpiresAt) {
    return db.inTransaction(c -> {
      java.util.List<String> names = Database.query(c, "SELECT username FROM app_user WHERE realm = ? AND id = ? "
          + "FOR UPDATE", rs -> rs.getString(1), realm.value(), id.value());
      if (names.isEmpty()) {
        c.rollback();
        return false;
      }
      String r = realm.value();
      Cascade.deleteSessions(db, c, r, "user_id = ?", id.value(), at, entryExpiresAt);
      Database.update(c, "DELETE FROM browser_session_link WHERE realm = ? AND browser_hash IN (SELECT hash FROM "
          + "browser_session WHERE realm = ? AND user_id = ?)", r, r, id.value());
      Database.update(c, "DELETE FROM browser_session WHERE realm = ? AND user_id = ?", r, id.value());
      Database.update(c, "DELETE FROM authorization_code WHERE realm = ? AND user_id = ?", r, id.value());
      Database.update(c, "DELETE FROM user_lockout WHERE realm = ? AND username = ?", r, names.getFirst());
      Database.update(c, "DELETE FROM app_user WHERE realm = ? AND id = ?", r, id.value());
      return true;
    });
  }

  /**
   * The user's columns of a query that joins {@code app_user u} to something else (a refresh
   * token's session), renamed so that they cannot clash; {@link #mapJoined} reads them.
   */
  static final String JOINED_COLUMNS = "u.realm AS u_realm, u.id AS u_id, u.username AS u_username, "
      + "u.password_hash AS u_password_hash, u.enabled AS u_enabled, u.roles AS u_roles, u.attributes AS u_attributes";

  /** The user of a row selected with {@link #JOINED_COLUMNS}; empty when the left join found none. */
  static Optional<User> mapJoined(ResultSet rs) throws SQLException {
    String id = rs.getString("u_id");
    if (id == null) {
      return Optional.empty();
    }
    return Optional.of(new User(RealmName.of(rs.getString("u_realm")), UserId.of(id), rs.getString("u_username"),
        Database.text(rs, "u_password_hash"), rs.getBoolean("u_enabled"), ListCodec.decode(rs.getString("u_roles")),
        ListCodec.decodeMap(rs.getString("u_attributes"))));
  }

  private static User map(ResultSet rs) throws SQLException {
    return new User(RealmName.of(rs.getString("realm")), UserId.of(rs.getString("id")), rs.getString("username"),
        Database.text(rs, "password_hash"), rs.getBoolean("enabled"), ListCodec.decode(rs.getString("roles")),
        ListCodec.decodeMap(rs.getString("attributes")));
  }
}
