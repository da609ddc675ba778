package io.jeton.core.client;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import java.util.List;
import java.util.Optional;

/** Storage of clients, keyed by realm then client id. */
public interface ClientStore {
  Optional<Client> find(RealmName realm, ClientId id);

  /** Inserts or replaces the client with that realm and id. */
  void upsert(Client client);

  List<Client> list(RealmName realm);
}
