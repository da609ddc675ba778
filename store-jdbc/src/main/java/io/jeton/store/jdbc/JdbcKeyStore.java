package io.jeton.store.jdbc;

import io.jeton.core.RealmName;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.keys.StoredKey;
import io.jeton.core.realm.SigningAlgorithm;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signing keys in table {@code signing_key}, keyed by (realm, kid); private parts stay encrypted.
 *
 * <p>{@link #rotate} is a compare-and-set serialised on the row of the key the caller saw as the
 * realm's newest: {@code SELECT ... FOR UPDATE} on it (the same statement on H2 and PostgreSQL),
 * then, holding that lock, a new statement reads the realm's newest key (READ COMMITTED: a new
 * snapshot, so it sees a rotation that committed while this one waited) and gives up unless it is
 * still that key; only then the insert and the retirements. Of any number of rotations that saw the
 * same newest key, on any number of nodes, exactly one adds a key.
 */
final class JdbcKeyStore implements KeyStore {
  private static final String COLUMNS = "realm, kid, algorithm, public_jwk, encrypted_private_jwk, created_at, "
      + "activates_at, retired_at, delete_after";
  static final String LIST = "SELECT " + COLUMNS + " FROM signing_key WHERE realm = ? ORDER BY created_at, kid";
  /** Every key's lifecycle, no key material (covered by ix_signing_key_schedule). */
  static final String SCHEDULES = "SELECT realm, kid, algorithm, created_at, activates_at, retired_at, delete_after "
      + "FROM signing_key ORDER BY realm, created_at, kid";
  static final String INSERT = "INSERT INTO signing_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String LOCK_KEY = "SELECT kid FROM signing_key WHERE realm = ? AND kid = ? FOR UPDATE";
  static final String NEWEST = "SELECT kid FROM signing_key WHERE realm = ? ORDER BY created_at DESC, kid DESC "
      + "FETCH FIRST 1 ROWS ONLY";
  static final String RETIRE_OTHERS = "UPDATE signing_key SET retired_at = ?, delete_after = ? WHERE realm = ? "
      + "AND kid <> ? AND (retired_at IS NULL OR retired_at > ?)";
  static final String RETIRE = "UPDATE signing_key SET retired_at = ?, delete_after = ? WHERE realm = ? "
      + "AND kid = ? AND (retired_at IS NULL OR retired_at > ?)";
  static final String EXTEND = "UPDATE signing_key SET delete_after = retired_at + ? WHERE realm = ? "
      + "AND retired_at IS NOT NULL AND delete_after < retired_at + ?";
  /** Purge: a batch of the realm's keys past their deletion time (a realm has a handful: primary key). */
  static final String PURGE = "DELETE FROM signing_key WHERE realm = ? AND kid IN (SELECT kid FROM signing_key "
      + "WHERE realm = ? AND delete_after < ? FETCH FIRST ? ROWS ONLY)";

  private final Database db;
  private final String insertIfAbsent;

  JdbcKeyStore(Database db) {
    this.db = db;
    this.insertIfAbsent = db.dialect().insertIfAbsent("signing_key", new String[] {"realm", "kid"},
        COLUMNS.split(", "));
  }

  @Override
  public List<StoredKey> list(RealmName realm) {
    return db.query(LIST, rs -> new StoredKey(RealmName.of(rs.getString("realm")), rs.getString("kid"),
        SigningAlgorithm.valueOf(rs.getString("algorithm")), rs.getString("public_jwk"),
        rs.getBytes("encrypted_private_jwk"), Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("activates_at")), instant(rs, "retired_at"), instant(rs, "delete_after")),
        realm.value());
  }

  @Override
  public List<KeySchedule> schedules() {
    return db.query(SCHEDULES, rs -> new KeySchedule(RealmName.of(rs.getString("realm")), rs.getString("kid"),
        SigningAlgorithm.valueOf(rs.getString("algorithm")), Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("activates_at")), instant(rs, "retired_at"), instant(rs, "delete_after")));
  }

  @Override
  public void insert(StoredKey key) {
    db.withConnection(c -> db.insertIfAbsent(c, insertIfAbsent, values(key, key.realm().value(), key.kid())));
  }

  @Override
  public boolean rotate(RealmName realm, String newestKid, StoredKey next, Duration retention) {
    return db.inTransaction(c -> {
      if (Database.query(c, LOCK_KEY, rs -> rs.getString(1), realm.value(), newestKid).isEmpty()
          || !Database.query(c, NEWEST, rs -> rs.getString(1), realm.value()).equals(List.of(newestKid))) {
        return false;
      }
      Database.update(c, INSERT, values(next));
      Instant at = next.activatesAt();
      Database.update(c, RETIRE_OTHERS, at, at.plus(retention), realm.value(), next.kid(), at);
      return true;
    });
  }

  /** Retiring an already retired key keeps its first retirement time. */
  @Override
  public void retire(RealmName realm, String kid, Instant at, Instant deleteAfter) {
    db.update(RETIRE, at, deleteAfter, realm.value(), kid, at);
  }

  @Override
  public void extendRetention(RealmName realm, Duration retention) {
    db.update(EXTEND, retention.toMillis(), realm.value(), retention.toMillis());
  }

  @Override
  public int purgeExpired(RealmName realm, Instant now, int max) {
    return db.update(PURGE, realm.value(), realm.value(), now, max);
  }

  private static Object[] values(StoredKey k, Object... more) {
    Object[] v = {k.realm().value(), k.kid(), k.algorithm().name(), k.publicJwk(), k.encryptedPrivateJwk(),
        k.createdAt(), k.activatesAt(), nullable(k.retiredAt()), nullable(k.deleteAfter())};
    Object[] out = java.util.Arrays.copyOf(v, v.length + more.length);
    System.arraycopy(more, 0, out, v.length, more.length);
    return out;
  }

  private static Object nullable(Instant t) {
    return t == null ? Database.Null.BIGINT : t;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return Database.instant(rs, column).orElse(null);
  }
}
