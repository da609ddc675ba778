package io.jeton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jeton.core.RealmName;
import io.jeton.core.keys.StoredKey;
import io.jeton.core.realm.SigningAlgorithm;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each benchmark measures a successful operation, not a fast failure path; runs one call of each. */
class BenchmarkStateTest {

  @Test
  void tokenCodec_encodedToken_decodesToTheSameClaims() {
    TokenCodecBenchmark b = new TokenCodecBenchmark();
    b.setUp();
    assertThat(b.encode()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    assertThat(b.decode()).hasValueSatisfying(c -> {
      assertThat(c.subject()).isEqualTo("bench-client");
      assertThat(c.scope()).containsExactly("read");
    });
  }

  @Test
  void introspection_everyTokenOfThePopulation_isActive() {
    IntrospectionBenchmark b = new IntrospectionBenchmark();
    b.population = 200;
    b.setUp(); // introspects every token once and fails if one is inactive
    for (int i = 0; i < 50; i++) {
      assertThat(b.introspectRandom()).hasValueSatisfying(c -> assertThat(c.subject()).startsWith("user-"));
    }
  }

  @Test
  void tokenHash_sameToken_sameHash() {
    TokenHashBenchmark b = new TokenHashBenchmark();
    b.setUp();
    assertThat(b.sha256()).isEqualTo(b.sha256());
  }

  @Test
  void secretHasher_rightSecret_matches() {
    SecretHasherBenchmark b = new SecretHasherBenchmark();
    b.setUp();
    assertThat(b.matches()).isTrue();
  }

  @Test
  void passwordHasher_rightPassword_verifies() {
    PasswordHasherBenchmark b = new PasswordHasherBenchmark();
    b.setUp();
    try {
      assertThat(b.verify()).isTrue();
    } finally {
      b.tearDown();
    }
  }

  @Test
  void inMemoryKeyStore_retireAndDuplicateInsert_changeOnlyTheNamedKey() {
    InMemoryKeyStore store = new InMemoryKeyStore();
    RealmName realm = RealmName.of("r");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    StoredKey a = StoredKey.active(realm, "a", SigningAlgorithm.ES256, "{}", new byte[] {1}, t0);
    StoredKey b = StoredKey.active(realm, "b", SigningAlgorithm.ES256, "{}", new byte[] {2}, t0.plusSeconds(1));
    store.insert(b);
    store.insert(a);
    store.insert(StoredKey.active(realm, "a", SigningAlgorithm.RS256, "{}", new byte[] {3}, t0));
    store.insert(StoredKey.active(RealmName.of("other"), "c", SigningAlgorithm.ES256, "{}", new byte[] {4}, t0));

    store.retire(realm, "a", t0.plusSeconds(5), t0.plusSeconds(65));

    assertThat(store.list(realm)).extracting(StoredKey::kid, StoredKey::algorithm, StoredKey::retiredAt)
        .containsExactly(
            tuple("a", SigningAlgorithm.ES256, t0.plusSeconds(5)),
            tuple("b", SigningAlgorithm.ES256, null));
  }
}
