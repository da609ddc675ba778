package io.jeton.store.jdbc;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.client.ClientStore;
import io.jeton.core.client.GrantType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Clients in table {@code client}, keyed by (realm, id); grants, scopes and resources encoded sorted. */
final class JdbcClientStore implements ClientStore {
  private static final String COLUMNS = "realm, id, secret_hash, grants, scopes, certificate_subject, rate_limit, "
      + "jwks, resources, certificate, auth_methods, certificate_bound_tokens, redirect_uris, post_logout_redirect_uris";

  private final Database db;
  private final String upsert;

  JdbcClientStore(Database db) {
    this.db = db;
    this.upsert = db.dialect().upsert("client", new String[] {"realm", "id"}, COLUMNS.split(", "));
  }

  @Override
  public Optional<Client> find(RealmName realm, ClientId id) {
    return db.queryOne("SELECT " + COLUMNS + " FROM client WHERE realm = ? AND id = ?", JdbcClientStore::map,
        realm.value(), id.value());
  }

  @Override
  public void upsert(Client client) {
    db.update(upsert, row(client));
  }

  private static Object[] row(Client client) {
    return new Object[] {client.realm().value(), client.id().value(), Database.text(client.secretHash()),
        ListCodec.encodeSorted(client.grants().stream().map(GrantType::name).toList()),
        ListCodec.encodeSorted(client.scopes()), Database.text(client.certificateSubject()), client.rateLimit(),
        Database.text(client.jwks()), ListCodec.encodeSorted(client.resources()), Database.text(client.certificate()),
        ListCodec.encodeSorted(client.authMethods().stream().map(ClientCredentials.Method::wire).toList()),
        client.certificateBoundTokens(), ListCodec.encode(client.redirectUris()),
        ListCodec.encode(client.postLogoutRedirectUris())};
  }

  @Override
  public List<Client> list(RealmName realm) {
    return db.query("SELECT " + COLUMNS + " FROM client WHERE realm = ? ORDER BY id", JdbcClientStore::map,
        realm.value());
  }

  @Override
  public boolean create(Client client) {
    String insert = "INSERT INTO client (" + COLUMNS + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(COLUMNS.split(", ").length, "?")) + ")";
    return db.withConnection(c -> {
      try {
        return Database.update(c, insert, row(client)) == 1;
      } catch (java.sql.SQLException e) {
        if (Database.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  static final String PAGE = "SELECT " + COLUMNS + " FROM client WHERE realm = ? AND id > ? ORDER BY id "
      + "FETCH FIRST ? ROWS ONLY";

  @Override
  public List<Client> list(RealmName realm, Optional<ClientId> after, int limit) {
    return db.query(PAGE, JdbcClientStore::map, realm.value(), after.map(ClientId::value).orElse(""), limit);
  }

  @Override
  public boolean delete(RealmName realm, ClientId id, java.time.Instant at, java.time.Instant entryExpiresAt) {
    return db.inTransaction(c -> {
      if (Database.update(c, "DELETE FROM client WHERE realm = ? AND id = ?", realm.value(), id.value()) != 1) {
        c.rollback();
        return false;
      }
      Cascade.deleteSessions(db, c, realm.value(), "client_id = ?", id.value(), at, entryExpiresAt);
      Database.update(c, "DELETE FROM authorization_code WHERE realm = ? AND client_id = ?", realm.value(), id.value());
      return true;
    });
  }

  private static Client map(ResultSet rs) throws SQLException {
    Set<GrantType> grants = ListCodec.decode(rs.getString("grants")).stream().map(GrantType::valueOf)
        .collect(Collectors.toSet());
    return new Client(RealmName.of(rs.getString("realm")), ClientId.of(rs.getString("id")),
        Database.text(rs, "secret_hash"), grants, Set.copyOf(ListCodec.decode(rs.getString("scopes"))),
        Database.text(rs, "certificate_subject"), rs.getInt("rate_limit"), Database.text(rs, "jwks"),
        Set.copyOf(ListCodec.decode(rs.getString("resources"))), Database.text(rs, "certificate"),
        ListCodec.decode(rs.getString("auth_methods")).stream()
            .flatMap(m -> ClientCredentials.Method.fromWire(m).stream()).collect(Collectors.toSet()),
        rs.getBoolean("certificate_bound_tokens"), ListCodec.decode(rs.getString("redirect_uris")),
        ListCodec.decode(rs.getString("post_logout_redirect_uris")));
  }
}
