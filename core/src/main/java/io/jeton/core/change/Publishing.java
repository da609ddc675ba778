package io.jeton.core.change;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.Stores;
import io.jeton.core.UserId;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientStore;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.keys.StoredKey;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.revoke.RevocationStore;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The stores whose writes other nodes hold in memory, each publishing a {@link Change} on the
 * stores' {@link ChangeFeed} once its write has returned, so after its commit (every store write is
 * its own transaction): revocations, signing keys, realms, clients and users. Wrapping the stores,
 * not the callers, means no write path (an import, a rotation, a revocation, an LDAP user sync)
 * can forget to tell the others. Reads pass through untouched.
 */
public final class Publishing {
  private Publishing() {}

  /** {@code stores} with its shared-state stores publishing to its feed; as is without a feed. */
  public static Stores wrap(Stores stores) {
    ChangeFeed feed = stores.changes();
    if (!feed.active()) {
      return stores;
    }
    return new Stores(new Realms(stores.realms(), feed), new Clients(stores.clients(), feed),
        new Users(stores.users(), feed), stores.sessions(), new Revocations(stores.revocations(), feed),
        new Keys(stores.keys(), feed), stores.audit(), stores.lockouts(), stores.replays(), stores.browser(), feed);
  }

  private record Revocations(RevocationStore store, ChangeFeed feed) implements RevocationStore {
    @Override
    public void revokeAccessToken(RealmName realm, String jti, Instant expiresAt) {
      store.revokeAccessToken(realm, jti, expiresAt);
      feed.publish(Change.REVOCATION);
    }

    @Override
    public boolean revokeSession(RealmName realm, SessionId session, Instant at, Instant entryExpiresAt) {
      boolean revoked = store.revokeSession(realm, session, at, entryExpiresAt);
      if (revoked) {
        feed.publish(Change.REVOCATION);
      }
      return revoked;
    }

    @Override
    public List<RevocationEntry> since(long afterSeq, int limit) {
      return store.since(afterSeq, limit);
    }

    @Override
    public List<RevocationEntry> withSeqs(Collection<Long> seqs) {
      return store.withSeqs(seqs);
    }

    @Override
    public int purgeExpired(RealmName realm, Instant now, int limit) {
      return store.purgeExpired(realm, now, limit);
    }
  }

  private record Keys(KeyStore store, ChangeFeed feed) implements KeyStore {
    @Override
    public List<StoredKey> list(RealmName realm) {
      return store.list(realm);
    }

    @Override
    public List<KeySchedule> schedules() {
      return store.schedules();
    }

    @Override
    public void insert(StoredKey key) {
      store.insert(key);
      feed.publish(new Change.Keys(key.realm()));
    }

    @Override
    public boolean rotate(RealmName realm, String newestKid, StoredKey next, Duration retention) {
      boolean rotated = store.rotate(realm, newestKid, next, retention);
      if (rotated) {
        feed.publish(new Change.Keys(realm));
      }
      return rotated;
    }

    @Override
    public void retire(RealmName realm, String kid, Instant at, Instant deleteAfter) {
      store.retire(realm, kid, at, deleteAfter);
      feed.publish(new Change.Keys(realm));
    }

    @Override
    public void extendRetention(RealmName realm, Duration retention) {
      store.extendRetention(realm, retention);
      feed.publish(new Change.Keys(realm));
    }

    /** Not published: every node drops a key past its deletion time by its own clock. */
    @Override
    public int purgeExpired(RealmName realm, Instant now, int max) {
      return store.purgeExpired(realm, now, max);
    }
  }

  private record Realms(RealmStore store, ChangeFeed feed) implements RealmStore {
    @Override
    public Optional<Realm> find(RealmName name) {
      return store.find(name);
    }

    @Override
    public void upsert(Realm realm) {
      store.upsert(realm);
      feed.publish(new Change.Realm(realm.name()));
    }

    @Override
    public List<Realm> list() {
      return store.list();
    }

    @Override
    public Optional<Duration> longestAccessTokenTtl(RealmName name) {
      return store.longestAccessTokenTtl(name);
    }

    @Override
    public boolean create(Realm realm) {
      boolean created = store.create(realm);
      if (created) {
        feed.publish(new Change.Realm(realm.name()));
      }
      return created;
    }

    @Override
    public List<Realm> list(Optional<RealmName> after, int limit) {
      return store.list(after, limit);
    }

    @Override
    public boolean delete(RealmName name) {
      boolean deleted = store.delete(name);
      if (deleted) {
        feed.publish(new Change.Realm(name));
      }
      return deleted;
    }
  }

  private record Clients(ClientStore store, ChangeFeed feed) implements ClientStore {
    @Override
    public Optional<Client> find(RealmName realm, ClientId id) {
      return store.find(realm, id);
    }

    @Override
    public void upsert(Client client) {
      store.upsert(client);
      feed.publish(new Change.Client(client.realm(), client.id()));
    }

    @Override
    public List<Client> list(RealmName realm) {
      return store.list(realm);
    }

    @Override
    public boolean create(Client client) {
      boolean created = store.create(client);
      if (created) {
        feed.publish(new Change.Client(client.realm(), client.id()));
      }
      return created;
    }

    @Override
    public List<Client> list(RealmName realm, Optional<ClientId> after, int limit) {
      return store.list(realm, after, limit);
    }

    /** Publishes the revocations of its sessions too. */
    @Override
    public boolean delete(RealmName realm, ClientId id, Instant at, Instant entryExpiresAt) {
      boolean deleted = store.delete(realm, id, at, entryExpiresAt);
      if (deleted) {
        feed.publish(Change.REVOCATION);
        feed.publish(new Change.Client(realm, id));
      }
      return deleted;
    }
  }

  private record Users(UserStore store, ChangeFeed feed) implements UserStore {
    @Override
    public Optional<User> findByUsername(RealmName realm, String username) {
      return store.findByUsername(realm, username);
    }

    @Override
    public Optional<User> findById(RealmName realm, UserId id) {
      return store.findById(realm, id);
    }

    @Override
    public void upsert(User user) {
      store.upsert(user);
      feed.publish(new Change.User(user.realm(), user.id()));
    }

    @Override
    public boolean delete(RealmName realm, UserId id) {
      boolean deleted = store.delete(realm, id);
      if (deleted) {
        feed.publish(new Change.User(realm, id));
      }
      return deleted;
    }

    @Override
    public boolean create(User user) {
      boolean created = store.create(user);
      if (created) {
        feed.publish(new Change.User(user.realm(), user.id()));
      }
      return created;
    }

    @Override
    public List<User> list(RealmName realm, Optional<String> afterUsername, int limit) {
      return store.list(realm, afterUsername, limit);
    }

    /** Publishes the revocations of its sessions too. */
    @Override
    public boolean deleteWithSessions(RealmName realm, UserId id, Instant at, Instant entryExpiresAt) {
      boolean deleted = store.deleteWithSessions(realm, id, at, entryExpiresAt);
      if (deleted) {
        feed.publish(Change.REVOCATION);
        feed.publish(new Change.User(realm, id));
      }
      return deleted;
    }
  }
}
