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

  /** Inserts the client unless one with that realm and id exists; returns whether it inserted. */
  boolean create(Client client);

  /** At most {@code limit} clients of the realm in id order, after {@code after} when given (a page). */
  List<Client> list(RealmName realm, Optional<ClientId> after, int limit);

  /**
   * Deletes the client with everything that only it used, in one transaction: its sessions (a
   * {@code SESSION} revocation entry valid until {@code entryExpiresAt} recorded for each that was
   * live at {@code at}, so that its access tokens become inactive), their refresh tokens and
   * browser links, and its authorization codes. Returns whether the client existed.
   */
  boolean delete(RealmName realm, ClientId id, java.time.Instant at, java.time.Instant entryExpiresAt);
}
