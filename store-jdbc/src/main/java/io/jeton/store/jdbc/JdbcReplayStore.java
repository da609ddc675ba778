package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.replay.ReplayStore;
import java.time.Instant;

/**
 * One-use identifiers in table {@code replay}: the first use is an insert unless present (primary
 * key realm, kind, jti), so two nodes racing with the same identifier insert one row between them.
 */
final class JdbcReplayStore implements ReplayStore {
  static final String PURGE = "DELETE FROM replay WHERE realm = ? AND (kind, jti) IN (SELECT kind, jti FROM replay "
      + "WHERE realm = ? AND expires_at < ? FETCH FIRST ? ROWS ONLY)";

  private final Database db;
  private final String insert;

  JdbcReplayStore(Database db) {
    this.db = db;
    this.insert = db.dialect().insertIfAbsent("replay", new String[] {"realm", "kind", "jti"},
        new String[] {"realm", "kind", "jti", "expires_at"});
  }

  @Override
  public boolean firstUse(RealmName realm, Kind kind, String jti, Instant expiresAt) {
    return db.withConnection(c -> db.insertIfAbsent(c, insert, realm.value(), kind.name(), jti, expiresAt,
        realm.value(), kind.name(), jti));
  }

  @Override
  public int purgeExpired(RealmName realm, Instant now, int max) {
    return db.update(PURGE, realm.value(), realm.value(), now, max);
  }
}
