package io.jeton.core.memory;

import io.jeton.core.grant.TokenCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.Caller;
import io.jeton.core.ClientId;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.Stores;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.user.PasswordHasher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * store-jdbc's RefreshRaceContract on the in-memory stores: 50 callers presenting one refresh
 * token through the real engine rotate it exactly once (SPEC 1, RFC 9700 section 4.14.2).
 */
class InMemoryRefreshRaceTest {
  private static final int CALLERS = 50;
  private static final RequestContext CTX = RequestContext.of("race-test");

  private final Stores stores = InMemoryStores.create();
  private Engine engine;
  private Realm realm;
  private Caller client;

  @BeforeEach
  void startEngine() {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    engine = new Engine(EngineSettings.of("http://localhost"), stores, MasterKey.generate(),
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 2, 1000), () -> now);
    RealmName name = RealmName.of("race");
    new Directory(engine).apply(new RealmImport(Realm.withDefaults(name),
        List.of(new RealmImport.ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token"),
            Set.of("read"), Optional.empty())),
        List.of(new RealmImport.UserImport("alice", Optional.of("alice-password"), true, List.of(), Map.of()))));
    realm = engine.realm(name).orElseThrow();
    client = ((ClientAuthentication.Authenticated) engine.authenticateClient(realm, new ClientCredentials(
        ClientId.of("app"), Optional.of("app-secret"), ClientCredentials.Method.CLIENT_SECRET_BASIC), CTX)).caller();
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  @Test
  void refresh_fiftyConcurrentCallersWithOneToken_rotateOnceAndAllGetTheSameSuccessor() throws Exception {
    IssuedTokens login = issued(engine.token(new TokenCommand.Password(realm, client, TokenCommand.UserCredentials.of("alice", "alice-password"), Optional.empty()), CTX));
    String presented = login.refreshToken().orElseThrow();
    SessionId session = login.session().orElseThrow().id();

    List<TokenOutcome> outcomes = race(() -> engine.token(new TokenCommand.Refresh(realm, client, presented, Optional.empty(), TokenCommand.Expectations.NONE), CTX));

    List<String> successors = outcomes.stream().map(o -> issued(o).refreshToken().orElseThrow()).distinct().toList();
    assertThat(successors).hasSize(1).doesNotContain(presented);
    assertThat(((MemorySessionStore) stores.sessions()).familySize(realm.name(), session)).isEqualTo(2);
    RefreshToken used = stores.sessions().findRefreshToken(realm.name(), Tokens.sha256(presented)).orElseThrow()
        .token();
    assertThat(used.successor()).contains(Tokens.sha256(successors.getFirst()));
  }

  private static IssuedTokens issued(TokenOutcome outcome) {
    assertThat(outcome).isInstanceOf(TokenOutcome.Issued.class);
    return ((TokenOutcome.Issued) outcome).tokens();
  }

  private static <T> List<T> race(Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      CountDownLatch ready = new CountDownLatch(CALLERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return call.call();
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
