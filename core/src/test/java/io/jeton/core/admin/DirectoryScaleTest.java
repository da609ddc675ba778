package io.jeton.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import io.jeton.core.user.PasswordHasher;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SPEC 10: "10^4 realms without slower start-up". Every import (each realm of {@code bin/jeton
 * import}, and the configured realms at each {@code serve} start) used to list every stored realm
 * to forget their cached keys: a start-up cost linear in the realms stored and an import of N
 * realms quadratic in N (bench/scale.sh, docs/benchmarks.md "Scale").
 */
class DirectoryScaleTest {
  @Test
  void apply_manyRealmsStored_readsNoListOfRealms() {
    Stores memory = InMemoryStores.create();
    AtomicInteger lists = new AtomicInteger();
    RealmStore counting = new RealmStore() {
      @Override
      public Optional<Realm> find(RealmName name) {
        return memory.realms().find(name);
      }

      @Override
      public void upsert(Realm realm) {
        memory.realms().upsert(realm);
      }

      @Override
      public List<Realm> list() {
        lists.incrementAndGet();
        return memory.realms().list();
      }

      @Override
      public Optional<Duration> longestAccessTokenTtl(RealmName name) {
        return memory.realms().longestAccessTokenTtl(name);
      }

      @Override
      public boolean create(Realm realm) {
        return memory.realms().create(realm);
      }

      @Override
      public List<Realm> list(Optional<RealmName> after, int limit) {
        return memory.realms().list(after, limit);
      }

      @Override
      public boolean delete(RealmName name) {
        return memory.realms().delete(name);
      }
    };
    Stores stores = new Stores(counting, memory.clients(), memory.users(), memory.sessions(), memory.revocations(),
        memory.keys(), memory.audit(), memory.lockouts(), memory.replays());
    Engine engine = new Engine(EngineSettings.of("http://localhost"), stores, MasterKey.generate(),
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, 100), InstantSource.system());
    Directory directory = new Directory(engine);
    for (int i = 0; i < 200; i++) {
      directory.apply(new RealmImport(Realm.withDefaults(RealmName.of("r" + i)), List.of(), List.of()));
    }
    assertEquals(200, memory.realms().list().size());
    assertEquals(0, lists.get(), "realm imports listed every stored realm");
  }
}
