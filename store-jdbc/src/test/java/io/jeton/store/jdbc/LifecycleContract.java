package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.Caller;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.grant.TokenCommand;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.introspect.Introspection;
import io.jeton.core.lifecycle.Janitor;
import io.jeton.core.lifecycle.Purged;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationOutcome;
import io.jeton.core.revoke.RevocationScope;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing unbounded (SPEC 4 and 7, review H4 and H5), through the real {@link Engine} and {@link
 * Janitor} on a real database with a test clock: revoked sessions stay revoked after a TTL cut,
 * a revocation flood of short-lived tokens keeps the view and the table small, and the purge job
 * deletes exactly what can no longer matter. Subclasses choose the database.
 */
abstract class LifecycleContract {
  private static final RequestContext CTX = RequestContext.of("lifecycle-test");
  private static final int BATCH = 50;

  private JdbcStores jdbc;
  private Engine engine;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final InstantSource clock = now::get;
  private final MasterKey masterKey = MasterKey.generate();

  /** Opens the stores on a fresh database of the backend under test. */
  protected abstract JdbcStores openStores() throws Exception;

  /** The stores as a second node sees them (PostgreSQL: a second pool; H2: the same, one process). */
  protected abstract JdbcStores secondNode() throws Exception;

  /** Called after the stores are closed, to drop the database. */
  protected void afterStores() throws Exception {}

  @BeforeEach
  void startEngine() throws Exception {
    jdbc = openStores();
    engine = newEngine(jdbc);
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

  private Engine newEngine(JdbcStores stores) {
    return new Engine(EngineSettings.of("http://localhost"), stores.stores(), masterKey,
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 2, 1000), clock);
  }

  private Realm importRealm(Realm realm) {
    new Directory(engine).apply(new RealmImport(realm,
        List.of(new RealmImport.ClientImport("app", Optional.of("app-secret"),
            Set.of("password", "refresh_token", "client_credentials"), Set.of("read"), Optional.empty())),
        List.of(new RealmImport.UserImport("alice", Optional.of("alice-password"), true, List.of("user"),
            Map.of()))));
    engine.invalidateDirectory();
    return engine.realm(realm.name()).orElseThrow();
  }

  private Janitor janitor(Duration auditRetention) {
    return new Janitor(jdbc.stores(), jdbc.purgeLock(), clock, auditRetention, BATCH);
  }

  private void advance(Duration d) {
    now.set(now.get().plus(d));
  }

  /**
   * Review H5, "revoked-session resurrection after a TTL cut": log in with accessTokenTtl 300, an
   * admin re-imports the realm with 5, the user logs out (RFC 7009 revocation of the refresh
   * token); 70 s later the old access token must still be inactive, on this node and another.
   */
  @Test
  void revokedSession_afterTtlCutAndSeventySeconds_staysInactiveOnEveryNode() throws Exception {
    Realm realm = importRealm(TestRealms.realm().accessTtl(Duration.ofSeconds(300)).build());
    Caller app = TestCallers.confidential(engine, realm, "app", "app-secret");
    IssuedTokens login = login(realm, app);
    Realm cut = importRealm(TestRealms.realm().name(realm.name().value()).accessTtl(Duration.ofSeconds(5)).build());
    assertThat(cut.accessTokenTtl()).isEqualTo(Duration.ofSeconds(5));

    Caller appAfterCut = TestCallers.confidential(engine, cut, "app", "app-secret");
    RevocationOutcome logout = engine.revoke(cut, appAfterCut, login.refreshToken().orElseThrow(),
        RevocationScope.TOKEN, CTX);
    assertThat(logout).isEqualTo(new RevocationOutcome.Done(true));
    JdbcStores otherStores = secondNode();
    try (Engine other = newEngine(otherStores)) {
      advance(Duration.ofSeconds(70));
      engine.pollRevocations();
      other.pollRevocations();
      engine.evictExpiredRevocations();
      other.evictExpiredRevocations();
      janitor(Duration.ofDays(30)).run();

      assertThat(engine.introspect(cut, appAfterCut, login.accessToken())).isEqualTo(Introspection.INACTIVE);
      Realm seenByOther = other.realm(cut.name()).orElseThrow();
      Caller appOnOther = TestCallers.confidential(other, seenByOther, "app", "app-secret");
      assertThat(other.introspect(seenByOther, appOnOther, login.accessToken())).isEqualTo(Introspection.INACTIVE);
    } finally {
      if (otherStores != jdbc) {
        otherStores.close();
      }
    }
  }

  /**
   * Review H4 and the acceptance point: a client loops token then revoke with 5 s tokens;
   * the view holds only the unexpired revocations and the purge job keeps the table as small.
   */
  @Test
  void revocationFlood_shortLivedTokens_viewStaysBoundedAndExpiredRowsArePurged() throws Exception {
    Realm realm = importRealm(TestRealms.realm().accessTtl(Duration.ofSeconds(5)).build());
    Caller app = TestCallers.confidential(engine, realm, "app", "app-secret");
    Janitor janitor = janitor(Duration.ofDays(30));
    int perSecond = 40;
    int bound = perSecond * 6;
    for (int second = 0; second < 20; second++) {
      for (int i = 0; i < perSecond; i++) {
        String token = issued(engine.token(new TokenCommand.ClientCredentials(realm, app, Optional.empty()), CTX))
            .accessToken();
        assertThat(engine.revoke(realm, app, token, RevocationScope.TOKEN, CTX))
            .isEqualTo(new RevocationOutcome.Done(true));
      }
      advance(Duration.ofSeconds(1));
      engine.pollRevocations();
      engine.evictExpiredRevocations();
      janitor.run();
      assertThat(engine.revocationsHeld()).isLessThanOrEqualTo(bound);
      assertThat(count("SELECT COUNT(*) FROM revocation WHERE realm = ?", realm.name().value()))
          .isLessThanOrEqualTo(bound);
    }
    advance(Duration.ofSeconds(6));
    engine.pollRevocations();
    engine.evictExpiredRevocations();
    Purged purged = janitor.run().orElseThrow();

    assertThat(purged.revocations()).isPositive();
    assertThat(engine.revocationsHeld()).isZero();
    assertThat(count("SELECT COUNT(*) FROM revocation WHERE realm = ?", realm.name().value())).isZero();
  }

  /**
   * The purge job deletes expired refresh tokens but keeps a used unexpired one (reuse detection
   * still works), deletes a session only once none of its access tokens can be unexpired, and
   * deletes audit events past the retention.
   */
  @Test
  void janitor_deletesOnlyWhatCanNoLongerMatter() throws Exception {
    Realm realm = importRealm(TestRealms.realm().accessTtl(Duration.ofSeconds(60)).refreshTtl(Duration.ofSeconds(120))
        .sessionMaxTtl(Duration.ofSeconds(300)).grace(Duration.ofSeconds(2)).build());
    Caller app = TestCallers.confidential(engine, realm, "app", "app-secret");
    Janitor janitor = janitor(Duration.ofDays(1));
    IssuedTokens login = login(realm, app);
    SessionId sid = login.session().orElseThrow().id();
    String first = login.refreshToken().orElseThrow();
    advance(Duration.ofSeconds(10));
    issued(refresh(realm, app, first));
    IssuedTokens other = login(realm, app);
    engine.flushAudit();
    String r = realm.name().value();
    assertThat(count("SELECT COUNT(*) FROM audit_event WHERE realm = ?", r)).isEqualTo(3);

    advance(Duration.ofSeconds(10));
    assertThat(janitor.run().orElseThrow()).isEqualTo(Purged.NOTHING);
    TokenOutcome reuse = refresh(realm, app, first);
    assertThat(reuse).isInstanceOfSatisfying(TokenOutcome.Denied.class,
        d -> assertThat(d.error().reason()).isEqualTo(OAuthError.Reason.REUSED_TOKEN));

    advance(Duration.ofSeconds(200)); // every refresh token has expired; the sessions have not ended
    Purged tokens = janitor.run().orElseThrow();
    assertThat(tokens.refreshTokens()).isEqualTo(3);
    assertThat(tokens.sessions()).isEqualTo(1); // the revoked one: revoked 200 s ago > 60 s TTL + 60 s skew
    assertThat(engine.session(realm, sid)).isEmpty();
    assertThat(engine.session(realm, other.session().orElseThrow().id())).isPresent();

    advance(Duration.ofSeconds(220)); // the other session (created at 10 s, for 300 s) ended TTL + skew ago
    assertThat(janitor.run().orElseThrow().sessions()).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM session WHERE realm = ?", r)).isZero();

    assertThat(count("SELECT COUNT(*) FROM audit_event WHERE realm = ?", r)).isPositive();
    advance(Duration.ofDays(1));
    assertThat(janitor.run().orElseThrow().auditEvents()).isPositive();
    assertThat(count("SELECT COUNT(*) FROM audit_event WHERE realm = ?", r)).isZero();
  }

  /** SPEC 4: "on one node of a cluster at a time". */
  @Test
  void purgeLock_whileOneNodePurges_anotherNodeSkipsTheRound() throws Exception {
    JdbcStores otherStores = secondNode();
    try {
      Optional<Optional<String>> nested = jdbc.purgeLock().ifFree(() -> CompletableFuture
          .supplyAsync(() -> otherStores.purgeLock().ifFree(() -> "both ran")).orTimeout(10, TimeUnit.SECONDS)
          .join());

      assertThat(nested).contains(Optional.empty());
      assertThat(otherStores.purgeLock().ifFree(() -> "after")).contains("after");
    } finally {
      if (otherStores != jdbc) {
        otherStores.close();
      }
    }
  }

  private IssuedTokens login(Realm realm, Caller app) {
    return issued(engine.token(new TokenCommand.Password(realm, app,
        TokenCommand.UserCredentials.of("alice", "alice-password"), Optional.empty()), CTX));
  }

  private TokenOutcome refresh(Realm realm, Caller app, String token) {
    return engine.token(new TokenCommand.Refresh(realm, app, token, Optional.empty(),
        TokenCommand.Expectations.NONE), CTX);
  }

  private static IssuedTokens issued(TokenOutcome outcome) {
    if (outcome instanceof TokenOutcome.Issued(IssuedTokens tokens)) {
      return tokens;
    }
    OAuthError error = ((TokenOutcome.Denied) outcome).error();
    throw new AssertionError("expected tokens, got " + error.code() + ": " + error.description());
  }

  private long count(String sql, String realm) throws SQLException {
    try (Connection c = jdbc.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, realm);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
