package io.jeton.store.jdbc;

import io.jeton.core.grant.TokenCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.Caller;
import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.client.Client;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.PasswordHasher;
import io.jeton.testkit.TestCallers;
import io.jeton.testkit.TestRealms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh-token rotation through the real {@link Engine} on a real database (RFC 9700 section
 * 4.14.2): 50 clients presenting one refresh token at once cause exactly one rotation and all get
 * the same successor; presenting the old token after the grace window is reuse and revokes that
 * session only. Subclasses choose the database.
 */
abstract class RefreshRaceContract {
  private static final int CALLERS = 50;
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final RequestContext CTX = RequestContext.of("race-test");

  private JdbcStores jdbc;
  private Engine engine;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  private Realm realm;
  private Caller client;

  /** Opens the stores on a fresh database of the backend under test. */
  protected abstract JdbcStores openStores() throws Exception;

  @BeforeEach
  void startEngine() throws Exception {
    jdbc = openStores();
    InstantSource clock = now::get;
    engine = new Engine(EngineSettings.of("http://localhost"), jdbc.stores(), MasterKey.generate(),
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 2, 1000), clock);
    Realm imported = TestRealms.realm().grace(GRACE).build();
    new Directory(engine).apply(new RealmImport(imported,
        List.of(new RealmImport.ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token"),
            Set.of("read"), Optional.empty())),
        List.of(new RealmImport.UserImport("alice", Optional.of("alice-password"), true, List.of("user"),
            Map.of()))));
    realm = engine.realm(imported.name()).orElseThrow();
    client = TestCallers.confidential(engine, realm, "app", "app-secret");
  }

  @AfterEach
  void stopEngine() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (jdbc != null) {
      jdbc.close();
    }
    afterStores();
  }

  /** Called after the stores are closed, to drop the database. */
  protected void afterStores() throws Exception {}

  @Test
  void refresh_fiftyConcurrentCallersWithOneToken_rotateOnceAndAllGetTheSameSuccessor() throws Exception {
    IssuedTokens login = login();
    IssuedTokens otherLogin = login();
    String presented = login.refreshToken().orElseThrow();
    SessionId session = login.session().orElseThrow().id();

    List<TokenOutcome> outcomes = race(() -> engine.token(new TokenCommand.Refresh(realm, client, presented, Optional.empty(), TokenCommand.Expectations.NONE), CTX));

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(TokenOutcome.Issued.class));
    List<String> successors = outcomes.stream()
        .map(o -> ((TokenOutcome.Issued) o).tokens().refreshToken().orElseThrow()).distinct().toList();
    assertThat(successors).hasSize(1).doesNotContain(presented);
    assertThat(count("SELECT COUNT(*) FROM refresh_token WHERE realm = ? AND session_id = ?", session))
        .isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM refresh_token WHERE realm = ? AND session_id = ? AND used_at IS NOT NULL",
        session)).isEqualTo(1);

    // After the grace window the old token is reuse: invalid_grant, and its session is revoked.
    now.set(now.get().plus(GRACE).plusSeconds(1));
    TokenOutcome reuse = engine.token(new TokenCommand.Refresh(realm, client, presented, Optional.empty(), TokenCommand.Expectations.NONE), CTX);

    assertThat(reuse).isInstanceOfSatisfying(TokenOutcome.Denied.class,
        d -> assertThat(d.error().code()).isEqualTo(ErrorCode.INVALID_GRANT));
    assertThat(jdbc.stores().sessions().find(realm.name(), session).orElseThrow().revokedAt()).isPresent();
    TokenOutcome successorAfterReuse = engine.token(new TokenCommand.Refresh(realm, client, successors.getFirst(), Optional.empty(), TokenCommand.Expectations.NONE), CTX);
    assertThat(successorAfterReuse).isInstanceOfSatisfying(TokenOutcome.Denied.class,
        d -> assertThat(d.error().code()).isEqualTo(ErrorCode.INVALID_GRANT));
    // The same user's other session is untouched.
    TokenOutcome other = engine.token(new TokenCommand.Refresh(realm, client, otherLogin.refreshToken().orElseThrow(), Optional.empty(), TokenCommand.Expectations.NONE), CTX);
    assertThat(other).isInstanceOf(TokenOutcome.Issued.class);
    assertThat(jdbc.stores().sessions().find(realm.name(), otherLogin.session().orElseThrow().id()).orElseThrow()
        .revokedAt()).isEmpty();
  }

  @Test
  void refresh_retryInsideGraceWindow_getsTheSameSuccessorWithoutRotatingAgain() throws Exception {
    IssuedTokens login = login();
    String presented = login.refreshToken().orElseThrow();
    SessionId session = login.session().orElseThrow().id();

    String first = issued(engine.token(new TokenCommand.Refresh(realm, client, presented, Optional.empty(), TokenCommand.Expectations.NONE), CTX)).refreshToken()
        .orElseThrow();
    now.set(now.get().plus(GRACE).minusSeconds(1));
    String retry = issued(engine.token(new TokenCommand.Refresh(realm, client, presented, Optional.empty(), TokenCommand.Expectations.NONE), CTX)).refreshToken()
        .orElseThrow();

    assertThat(retry).isEqualTo(first);
    assertThat(count("SELECT COUNT(*) FROM refresh_token WHERE realm = ? AND session_id = ?", session))
        .isEqualTo(2);
    assertThat(jdbc.stores().sessions().find(realm.name(), session).orElseThrow().revokedAt()).isEmpty();
  }

  private IssuedTokens login() {
    return issued(engine.token(new TokenCommand.Password(realm, client, TokenCommand.UserCredentials.of("alice", "alice-password"), Optional.empty()), CTX));
  }

  private static IssuedTokens issued(TokenOutcome outcome) {
    if (outcome instanceof TokenOutcome.Issued(IssuedTokens tokens)) {
      return tokens;
    }
    OAuthError error = ((TokenOutcome.Denied) outcome).error();
    throw new AssertionError("expected tokens, got " + error.code() + ": " + error.description());
  }

  private long count(String sql, SessionId session) throws SQLException {
    try (Connection c = jdbc.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, realm.name().value());
      ps.setString(2, session.value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Runs {@code call} on {@link #CALLERS} threads released at the same moment. */
  private static <T> List<T> race(java.util.concurrent.Callable<T> call) throws Exception {
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
