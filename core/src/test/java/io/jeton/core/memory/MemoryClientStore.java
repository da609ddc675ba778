package io.jeton.core.memory;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Clients per realm, listed in id order like the JDBC store. */
final class MemoryClientStore implements ClientStore {
  private final Map<RealmName, ConcurrentSkipListMap<String, Client>> clients = new ConcurrentHashMap<>();

  @Override
  public Optional<Client> find(RealmName realm, ClientId id) {
    Map<String, Client> ofRealm = clients.get(realm);
    return ofRealm == null ? Optional.empty() : Optional.ofNullable(ofRealm.get(id.value()));
  }

  @Override
  public void upsert(Client client) {
    clients.computeIfAbsent(client.realm(), r -> new ConcurrentSkipListMap<>()).put(client.id().value(), client);
  }

  @Override
  public List<Client> list(RealmName realm) {
    Map<String, Client> ofRealm = clients.get(realm);
    return ofRealm == null ? List.of() : List.copyOf(ofRealm.values());
  }

  /** Set by {@link InMemoryStores}: a client's deletion drops its sessions and codes. */
  MemoryCascade cascade;

  @Override
  public synchronized boolean create(Client client) {
    if (find(client.realm(), client.id()).isPresent()) {
      return false;
    }
    upsert(client);
    return true;
  }

  @Override
  public List<Client> list(RealmName realm, Optional<ClientId> after, int limit) {
    ConcurrentSkipListMap<String, Client> ofRealm = clients.get(realm);
    if (ofRealm == null) {
      return List.of();
    }
    var tail = after.isPresent() ? ofRealm.tailMap(after.get().value(), false) : ofRealm;
    return tail.values().stream().limit(Math.max(0, limit)).toList();
  }

  @Override
  public boolean delete(RealmName realm, ClientId id, java.time.Instant at, java.time.Instant entryExpiresAt) {
    return cascade.deleteClient(realm, id, at, entryExpiresAt, () -> {
      Map<String, Client> ofRealm = clients.get(realm);
      return ofRealm != null && ofRealm.remove(id.value()) != null;
    });
  }

  void dropRealm(RealmName realm) {
    clients.remove(realm);
  }
}
