package io.jeton.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.UserId;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientStore;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import io.jeton.core.user.PasswordHasher;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 10 "Faults": while the store is away, the engine keeps serving the realms, clients and users
 * it has read (so introspection works from memory), however long past the cache lifetime; what it
 * never read still needs the store; once the store answers, a change is read within the lifetime.
 * The lifetime here is 1 ms, so every read below is past it.
 */
class DirectoryWhileStoreAwayTest {
  private static final RealmName ACME = RealmName.of("acme");
  private final AtomicBoolean away = new AtomicBoolean();
  private final Stores memory = InMemoryStores.create();
  private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, 100);
  private final Engine engine = new Engine(new EngineSettings("http://localhost", 100, Duration.ofMillis(1)),
      failing(memory), MasterKey.generate(), hasher, InstantSource.system());

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void storeAway_lastRealmClientAndUserRead_keepServing_neverReadOnesFail_andAChangeIsReadOnceItAnswers()
      throws Exception {
    engine.importRealm(new RealmImport(Realm.withDefaults(ACME),
        List.of(new ClientImport("app", Optional.of("app-secret"), Set.of("client_credentials"), Set.of("read"),
            Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()))));
    Realm realm = engine.realm(ACME).orElseThrow();
    UserId alice = memory.users().findByUsername(ACME, "alice").orElseThrow().id();
    assertThat(engine.client(realm, ClientId.of("app"))).isPresent();
    assertThat(engine.user(realm, alice)).isPresent();

    away.set(true);
    Thread.sleep(20);
    assertThat(engine.realm(ACME)).as("the realm, from memory").contains(realm);
    assertThat(engine.client(realm, ClientId.of("app"))).as("the client, from memory").isPresent();
    assertThat(engine.user(realm, alice)).as("the user, from memory").isPresent();
    assertThatThrownBy(() -> engine.realm(RealmName.of("never-read"))).hasMessageContaining("store away");
    assertThatThrownBy(() -> engine.client(realm, ClientId.of("never-read"))).hasMessageContaining("store away");

    away.set(false);
    memory.realms().upsert(realm.withMaxSessionsPerUser(7));
    memory.users().delete(ACME, alice);
    Thread.sleep(20);
    assertThat(engine.realm(ACME).orElseThrow().maxSessionsPerUser()).as("the change, read again").isEqualTo(7);
    assertThat(engine.user(realm, alice)).as("the deletion, read again").isEmpty();
  }

  /** {@code stores} whose realm, client and user reads throw while {@link #away}. */
  private Stores failing(Stores s) {
    RealmStore realms = new RealmStore() {
      @Override
      public Optional<Realm> find(RealmName name) {
        check();
        return s.realms().find(name);
      }

      @Override
      public void upsert(Realm realm) {
        s.realms().upsert(realm);
      }

      @Override
      public List<Realm> list() {
        return s.realms().list();
      }

      @Override
      public Optional<Duration> longestAccessTokenTtl(RealmName name) {
        return s.realms().longestAccessTokenTtl(name);
      }

      @Override
      public boolean create(Realm realm) {
        return s.realms().create(realm);
      }

      @Override
      public List<Realm> list(Optional<RealmName> after, int limit) {
        return s.realms().list(after, limit);
      }

      @Override
      public boolean delete(RealmName name) {
        return s.realms().delete(name);
      }
    };
    ClientStore clients = new ClientStore() {
      @Override
      public Optional<Client> find(RealmName realm, ClientId id) {
        check();
        return s.clients().find(realm, id);
      }

      @Override
      public void upsert(Client client) {
        s.clients().upsert(client);
      }

      @Override
      public List<Client> list(RealmName realm) {
        return s.clients().list(realm);
      }

      @Override
      public boolean create(Client client) {
        return s.clients().create(client);
      }

      @Override
      public List<Client> list(RealmName realm, Optional<ClientId> after, int limit) {
        return s.clients().list(realm, after, limit);
      }

      @Override
      public boolean delete(RealmName realm, ClientId id, java.time.Instant at, java.time.Instant until) {
        return s.clients().delete(realm, id, at, until);
      }
    };
    UserStore users = new UserStore() {
      @Override
      public Optional<User> findByUsername(RealmName realm, String username) {
        return s.users().findByUsername(realm, username);
      }

      @Override
      public Optional<User> findById(RealmName realm, UserId id) {
        check();
        return s.users().findById(realm, id);
      }

      @Override
      public void upsert(User user) {
        s.users().upsert(user);
      }

      @Override
      public boolean delete(RealmName realm, UserId id) {
        return s.users().delete(realm, id);
      }

      @Override
      public boolean create(User user) {
        return s.users().create(user);
      }

      @Override
      public List<User> list(RealmName realm, Optional<String> after, int limit) {
        return s.users().list(realm, after, limit);
      }

      @Override
      public boolean deleteWithSessions(RealmName realm, UserId id, java.time.Instant at, java.time.Instant until) {
        return s.users().deleteWithSessions(realm, id, at, until);
      }
    };
    return new Stores(realms, clients, users, s.sessions(), s.revocations(), s.keys(), s.audit(), s.lockouts(),
        s.replays());
  }

  private void check() {
    if (away.get()) {
      throw new IllegalStateException("store away");
    }
  }
}
