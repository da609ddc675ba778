package io.jeton.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class JanitorTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final Stores stores = InMemoryStores.create();
  private final RealmName realm = RealmName.of("r");

  @Test
  void run_moreExpiredRowsThanOneBatch_deletesThemAllInOneRound() {
    stores.realms().upsert(Realm.withDefaults(realm));
    for (int i = 0; i < 7; i++) {
      stores.revocations().revokeAccessToken(realm, "jti-" + i, NOW.minusSeconds(i + 1));
    }
    stores.revocations().revokeAccessToken(realm, "live", NOW.plusSeconds(60));
    Janitor janitor = new Janitor(stores, PurgeLock.inProcess(), InstantSource.fixed(NOW), Duration.ofDays(30), 2);

    Purged purged = janitor.run().orElseThrow();

    assertThat(purged).isEqualTo(new Purged(0, 0, 7, 0, 0, 0, 0, 0));
    assertThat(stores.revocations().since(0, 100)).extracting(e -> e.value()).containsExactly("live");
  }

  @Test
  void run_anotherNodeHoldsTheLock_skipsTheRoundAndDeletesNothing() {
    stores.realms().upsert(Realm.withDefaults(realm));
    stores.revocations().revokeAccessToken(realm, "old", NOW.minusSeconds(1));
    PurgeLock taken = new PurgeLock() {
      @Override
      public <T> Optional<T> ifFree(Supplier<T> work) {
        return Optional.empty();
      }
    };
    Janitor janitor = new Janitor(stores, taken, InstantSource.fixed(NOW), Duration.ofDays(30), 500);

    assertThat(janitor.run()).isEmpty();
    assertThat(stores.revocations().since(0, 100)).hasSize(1);
  }

  @Test
  void run_moreIdleRealmsThanOneRoundVisits_purgesEachInTurnAndBusyOnesEveryRound() {
    int n = Janitor.IDLE_REALMS_PER_ROUND * 2 + 500;
    for (int i = 0; i < n; i++) {
      stores.realms().upsert(Realm.withDefaults(RealmName.of(String.format("r%05d", i))));
    }
    RealmName late = RealmName.of(String.format("r%05d", n - 100));   // visited in the third round
    stores.revocations().revokeAccessToken(late, "old", NOW.minusSeconds(1));
    AtomicInteger purgedRealms = new AtomicInteger();
    RealmStore counting = new RealmStore() {
      @Override
      public Optional<Realm> find(RealmName name) {
        return stores.realms().find(name);
      }

      @Override
      public void upsert(Realm realm) {
        stores.realms().upsert(realm);
      }

      @Override
      public List<Realm> list() {
        return stores.realms().list();
      }

      @Override
      public Optional<Duration> longestAccessTokenTtl(RealmName name) {
        purgedRealms.incrementAndGet();   // once per realm purged
        return stores.realms().longestAccessTokenTtl(name);
      }

      @Override
      public boolean create(Realm realm) {
        return stores.realms().create(realm);
      }

      @Override
      public List<Realm> list(Optional<RealmName> after, int limit) {
        return stores.realms().list(after, limit);
      }

      @Override
      public boolean delete(RealmName name) {
        return stores.realms().delete(name);
      }
    };
    Stores counted = new Stores(counting, stores.clients(), stores.users(), stores.sessions(), stores.revocations(),
        stores.keys(), stores.audit(), stores.lockouts(), stores.replays());
    Janitor janitor = new Janitor(counted, PurgeLock.inProcess(), InstantSource.fixed(NOW), Duration.ofDays(30), 500);

    List<Long> revocations = new ArrayList<>();
    List<Integer> visited = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      purgedRealms.set(0);
      revocations.add(janitor.run().orElseThrow().revocations());
      visited.add(purgedRealms.get());
    }

    assertThat(revocations).containsExactly(0L, 0L, 1L, 0L, 0L);
    // the third round wraps round to the first realms; the fourth purges the realm that had work again
    assertThat(visited).containsExactly(1000, 1000, 1000, 1001, 1000);
    assertThat(stores.revocations().since(0, 100)).isEmpty();
  }
}
