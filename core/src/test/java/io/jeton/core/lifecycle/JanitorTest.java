package io.jeton.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
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
}
