package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.keys.StoredKey;
import io.jeton.core.realm.SigningAlgorithm;
import java.time.Instant;
import java.util.List;

/** Signing keys in table {@code signing_key}, keyed by (realm, kid); private parts stay encrypted. */
final class JdbcKeyStore implements KeyStore {
  private static final String COLUMNS =
      "realm, kid, algorithm, public_jwk, encrypted_private_jwk, created_at, retired_at";

  private final Database db;
  private final String insert;

  JdbcKeyStore(Database db) {
    this.db = db;
    this.insert = db.dialect().insertIfAbsent("signing_key", new String[] {"realm", "kid"}, COLUMNS.split(", "));
  }

  @Override
  public List<StoredKey> list(RealmName realm) {
    return db.query("SELECT " + COLUMNS + " FROM signing_key WHERE realm = ? ORDER BY created_at, kid",
        rs -> new StoredKey(RealmName.of(rs.getString("realm")), rs.getString("kid"),
            SigningAlgorithm.valueOf(rs.getString("algorithm")), rs.getString("public_jwk"),
            rs.getBytes("encrypted_private_jwk"), Instant.ofEpochMilli(rs.getLong("created_at")),
            Database.instant(rs, "retired_at").orElse(null)), realm.value());
  }

  @Override
  public void insert(StoredKey key) {
    db.withConnection(c -> db.insertIfAbsent(c, insert, key.realm().value(), key.kid(), key.algorithm().name(),
        key.publicJwk(), key.encryptedPrivateJwk(), key.createdAt(),
        key.retiredAt() == null ? Database.Null.BIGINT : key.retiredAt(), key.realm().value(), key.kid()));
  }

  /** Retiring an already retired key keeps its first retirement time. */
  @Override
  public void retire(RealmName realm, String kid, Instant at) {
    db.update("UPDATE signing_key SET retired_at = ? WHERE realm = ? AND kid = ? AND retired_at IS NULL", at,
        realm.value(), kid);
  }
}
