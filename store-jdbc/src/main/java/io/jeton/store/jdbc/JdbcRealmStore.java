package io.jeton.store.jdbc;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.KeyPolicy;
import io.jeton.core.realm.LockoutPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import io.jeton.core.realm.SigningAlgorithm;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Realms in table {@code realm}; auth services encoded as (id, type, settings) triples. */
final class JdbcRealmStore implements RealmStore {
  private static final String COLUMNS = "name, issuer_name, audience, access_ttl_ms, refresh_ttl_ms, "
      + "session_max_ttl_ms, reuse_grace_ms, signing_algorithm, auth_services, max_sessions_per_user, dialect_clients, "
      + "lockout_max_failures, lockout_lock_ms, lockout_max_lock_ms, lockout_client_max_failures, key_rotation_ms, "
      + "key_publish_ms, access_token_typ";

  private final Database db;
  private final String upsert;

  JdbcRealmStore(Database db) {
    this.db = db;
    this.upsert = db.dialect().upsert("realm", new String[] {"name"}, COLUMNS.split(", "));
  }

  @Override
  public Optional<Realm> find(RealmName name) {
    return db.queryOne("SELECT " + COLUMNS + " FROM realm WHERE name = ?", JdbcRealmStore::map, name.value());
  }

  /** Raises the remembered longest access-token TTL to the current one; never lowers it. */
  static final String RAISE_LONGEST_TTL = "UPDATE realm SET longest_access_ttl_ms = access_ttl_ms "
      + "WHERE name = ? AND longest_access_ttl_ms < access_ttl_ms";
  static final String LONGEST_TTL = "SELECT longest_access_ttl_ms FROM realm WHERE name = ?";

  @Override
  public void upsert(Realm realm) {
    db.inTransaction(c -> {
      Database.update(c, upsert, realm.name().value(), realm.issuerName(), Database.text(realm.audience()),
          realm.accessTokenTtl().toMillis(), realm.refreshTokenTtl().toMillis(), realm.sessionMaxTtl().toMillis(),
          realm.refreshReuseGrace().toMillis(), realm.signingAlgorithm().name(), encode(realm.authServices()),
          realm.maxSessionsPerUser(), encodeDialects(realm.dialectClients()), realm.lockout().maxFailures(),
          realm.lockout().lock().toMillis(), realm.lockout().maxLock().toMillis(), realm.lockout().clientMaxFailures(),
          realm.keyPolicy().rotation().toMillis(), realm.keyPolicy().publish().toMillis(),
          realm.accessTokenTyp().value());
      return Database.update(c, RAISE_LONGEST_TTL, realm.name().value());
    });
  }

  @Override
  public Optional<Duration> longestAccessTokenTtl(RealmName name) {
    return db.queryOne(LONGEST_TTL, rs -> Duration.ofMillis(rs.getLong(1)), name.value());
  }

  @Override
  public List<Realm> list() {
    return db.query("SELECT " + COLUMNS + " FROM realm ORDER BY name", JdbcRealmStore::map);
  }

  @Override
  public boolean create(Realm realm) {
    String insert = "INSERT INTO realm (" + COLUMNS + ", longest_access_ttl_ms) VALUES ("
        + String.join(", ", java.util.Collections.nCopies(COLUMNS.split(", ").length + 1, "?")) + ")";
    return db.withConnection(c -> {
      try {
        return Database.update(c, insert, realm.name().value(), realm.issuerName(), Database.text(realm.audience()),
            realm.accessTokenTtl().toMillis(), realm.refreshTokenTtl().toMillis(), realm.sessionMaxTtl().toMillis(),
            realm.refreshReuseGrace().toMillis(), realm.signingAlgorithm().name(), encode(realm.authServices()),
            realm.maxSessionsPerUser(), encodeDialects(realm.dialectClients()), realm.lockout().maxFailures(),
            realm.lockout().lock().toMillis(), realm.lockout().maxLock().toMillis(),
            realm.lockout().clientMaxFailures(), realm.keyPolicy().rotation().toMillis(),
            realm.keyPolicy().publish().toMillis(), realm.accessTokenTyp().value(),
            realm.accessTokenTtl().toMillis()) == 1;
      } catch (SQLException e) {
        if (Database.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  static final String PAGE = "SELECT " + COLUMNS + " FROM realm WHERE name > ? ORDER BY name FETCH FIRST ? ROWS ONLY";

  @Override
  public List<Realm> list(Optional<RealmName> after, int limit) {
    return db.query(PAGE, JdbcRealmStore::map, after.map(RealmName::value).orElse(""), limit);
  }

  /** Every table's rows of the realm, then the realm, in one transaction ({@link Cascade#deleteRealm}). */
  @Override
  public boolean delete(RealmName name) {
    return db.inTransaction(c -> {
      if (!Cascade.deleteRealm(c, name.value())) {
        c.rollback();
        return false;
      }
      return true;
    });
  }

  private static Realm map(ResultSet rs) throws SQLException {
    return new Realm(RealmName.of(rs.getString("name")), rs.getString("issuer_name"),
        Database.text(rs, "audience"), Duration.ofMillis(rs.getLong("access_ttl_ms")),
        Duration.ofMillis(rs.getLong("refresh_ttl_ms")), Duration.ofMillis(rs.getLong("session_max_ttl_ms")),
        Duration.ofMillis(rs.getLong("reuse_grace_ms")), SigningAlgorithm.valueOf(rs.getString("signing_algorithm")),
        decode(rs.getString("auth_services")), rs.getInt("max_sessions_per_user"),
        decodeDialects(rs.getString("dialect_clients")), new LockoutPolicy(rs.getInt("lockout_max_failures"),
            Duration.ofMillis(rs.getLong("lockout_lock_ms")), Duration.ofMillis(rs.getLong("lockout_max_lock_ms")),
            rs.getInt("lockout_client_max_failures")),
        new KeyPolicy(Duration.ofMillis(rs.getLong("key_rotation_ms")), Duration.ofMillis(rs.getLong("key_publish_ms"))),
        AccessTokenTyp.parse(rs.getString("access_token_typ")));
  }

  private static String encodeDialects(Map<String, ClientId> clients) {
    List<String> flat = new ArrayList<>();
    clients.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      flat.add(e.getKey());
      flat.add(e.getValue().value());
    });
    return ListCodec.encode(flat);
  }

  private static Map<String, ClientId> decodeDialects(String text) {
    List<String> flat = text == null || text.isEmpty() ? List.of() : ListCodec.decode(text);
    Map<String, ClientId> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.put(flat.get(i), new ClientId(flat.get(i + 1)));
    }
    return out;
  }

  private static String encode(List<AuthServiceRef> services) {
    List<String> flat = new ArrayList<>();
    for (AuthServiceRef s : services) {
      flat.add(s.id());
      flat.add(s.type());
      flat.add(ListCodec.encode(s.settings()));
    }
    return ListCodec.encode(flat);
  }

  private static List<AuthServiceRef> decode(String text) {
    List<String> flat = ListCodec.decode(text);
    List<AuthServiceRef> out = new ArrayList<>();
    for (int i = 0; i + 2 < flat.size(); i += 3) {
      out.add(new AuthServiceRef(flat.get(i), flat.get(i + 1), ListCodec.decodeMap(flat.get(i + 2))));
    }
    return out;
  }
}
