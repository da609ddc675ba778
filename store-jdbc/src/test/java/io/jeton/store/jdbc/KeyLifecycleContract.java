package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.Caller;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.grant.TokenCommand;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.lifecycle.Janitor;
import io.jeton.core.lifecycle.PurgeLock;
import io.jeton.core.lifecycle.Purged;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signing-key lifecycle of SPEC 10 through two real {@link Engine}s ("nodes") on one real
 * database with one test clock: a rotation on node A is in node B's JWKS after B's reload and before
 * either signs with it; the old key's tokens verify on both until they expire, then the purge job
 * deletes it; a scheduled rotation raced by both nodes adds one key. On PostgreSQL the nodes have
 * pools of their own (two store instances); on H2, one process, they share one.
 */
abstract class KeyLifecycleContract {
  private static final RequestContext CTX = RequestContext.of("key-lifecycle-test");
  private static final Duration ACCESS_TTL = Duration.ofSeconds(300);
  private static final Duration PUBLISH = Duration.ofSeconds(600);

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final InstantSource clock = now::get;
  private final MasterKey masterKey = MasterKey.generate();
  private JdbcStores storesA;
  private JdbcStores storesB;
  private Engine nodeA;
  private Engine nodeB;

  /** Opens the stores on a fresh database of the backend under test. */
  protected abstract JdbcStores openStores() throws Exception;

  /** The stores as a second node sees them (PostgreSQL: a second pool; H2: the same, one process). */
  protected abstract JdbcStores secondNode() throws Exception;

  /** Called after the stores are closed, to drop the database. */
  protected void afterStores() throws Exception {}

  @BeforeEach
  void startNodes() throws Exception {
    storesA = openStores();
    storesB = secondNode();
    nodeA = engine(storesA);
    nodeB = engine(storesB);
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (Engine e : new Engine[] {nodeA, nodeB}) {
      if (e != null) {
        e.close();
      }
    }
    if (storesB != null && storesB != storesA) {
      storesB.close();
    }
    if (storesA != null) {
      storesA.close();
    }
    afterStores();
  }

  private Engine engine(JdbcStores stores) {
    return new Engine(EngineSettings.of("http://localhost"), stores.stores(), masterKey,
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 2, 1000), clock);
  }

  private Realm importRealm(TestRealms realm) {
    Realm r = realm.build();
    new Directory(nodeA).apply(new RealmImport(r,
        List.of(new RealmImport.ClientImport("app", Optional.of("app-secret"), Set.of("client_credentials"),
            Set.of("read"), Optional.empty())), List.of()));
    nodeA.invalidateDirectory();
    nodeB.invalidateDirectory();
    return nodeA.realm(r.name()).orElseThrow();
  }

  private Realm realm() {
    return importRealm(TestRealms.realm().accessTtl(ACCESS_TTL).keys(Duration.ofDays(30), PUBLISH));
  }

  /** A client_credentials access token from {@code node}. */
  private String token(Engine node, Realm realm) {
    Caller app = TestCallers.confidential(node, realm, "app", "app-secret");
    TokenOutcome out = node.token(new TokenCommand.ClientCredentials(realm, app, Optional.empty()), CTX);
    assertThat(out).isInstanceOf(TokenOutcome.Issued.class);
    return ((TokenOutcome.Issued) out).tokens().accessToken();
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static List<String> jwks(Engine node, Realm realm) throws Exception {
    return JWKSet.parse(node.jwks(realm)).getKeys().stream().map(JWK::getKeyID).toList();
  }

  private boolean valid(Engine node, Realm realm, String token) {
    return node.validateAccessToken(realm, token).isPresent();
  }

  /** The invariant of SPEC 10: node A rotates; node B publishes the key before anyone signs with it. */
  @Test
  void rotation_onNodeA_isInNodeBsJwksBeforeEitherNodeSignsWithIt() throws Exception {
    Realm realm = realm();
    String old = kid(token(nodeA, realm));
    assertThat(kid(token(nodeB, realm))).isEqualTo(old);

    KeySchedule next = nodeA.rotateKeys(realm, false);

    assertThat(jwks(nodeA, realm)).containsExactly(old, next.kid());
    assertThat(nodeB.reloadKeys()).as("B's periodic reload finds the changed realm").isEqualTo(1);
    assertThat(jwks(nodeB, realm)).containsExactly(old, next.kid());
    assertThat(kid(token(nodeA, realm))).isEqualTo(old);
    assertThat(kid(token(nodeB, realm))).isEqualTo(old);

    now.set(next.activatesAt().minusMillis(1));
    assertThat(kid(token(nodeA, realm))).isEqualTo(old);
    now.set(next.activatesAt());
    String fromA = token(nodeA, realm);
    String fromB = token(nodeB, realm);
    assertThat(kid(fromA)).isEqualTo(next.kid());
    assertThat(kid(fromB)).isEqualTo(next.kid());
    assertThat(valid(nodeB, realm, fromA)).isTrue();
    assertThat(valid(nodeA, realm, fromB)).isTrue();
  }

  @Test
  void oldKeysTokens_verifyOnBothNodesUntilTheyExpire_thenThePurgeDeletesTheKey() throws Exception {
    Realm realm = realm();
    String old = kid(token(nodeA, realm));
    KeySchedule next = nodeA.rotateKeys(realm, false);
    nodeB.reloadKeys();
    now.set(next.activatesAt().minusSeconds(1));
    String last = token(nodeB, realm);
    assertThat(kid(last)).isEqualTo(old);
    Janitor janitor = nodeA.janitor(storesA.purgeLock(), Duration.ofDays(30), 50);

    now.set(next.activatesAt().plus(ACCESS_TTL).minusSeconds(2));
    assertThat(valid(nodeA, realm, last)).isTrue();
    assertThat(valid(nodeB, realm, last)).isTrue();
    assertThat(janitor.run().orElseThrow().signingKeys()).isZero();

    now.set(next.activatesAt().plus(ACCESS_TTL));
    assertThat(valid(nodeB, realm, last)).as("expired").isFalse();
    assertThat(jwks(nodeB, realm)).as("still published for the skew").contains(old);

    now.set(next.activatesAt().plus(ACCESS_TTL).plusSeconds(61));
    assertThat(janitor.run().orElseThrow().signingKeys()).isEqualTo(1);
    assertThat(keyRows(realm)).isEqualTo(1);
    assertThat(jwks(nodeA, realm)).containsExactly(next.kid());
    assertThat(jwks(nodeB, realm)).as("B drops it by its clock").containsExactly(next.kid());
    nodeB.reloadKeys();
    assertThat(jwks(nodeB, realm)).containsExactly(next.kid());
  }

  /** Scheduled rotation is idempotent: both nodes find the realm due at once, one key is added. */
  @Test
  void scheduledRotation_racedByBothNodesEvenWithoutTheLock_addsOneKey() throws Exception {
    Realm realm = realm();
    token(nodeA, realm);
    now.set(now.get().plus(Duration.ofDays(30)));
    PurgeLock none = new PurgeLock() {
      @Override
      public <T> Optional<T> ifFree(Supplier<T> work) {
        return Optional.of(work.get());
      }
    };
    List<Janitor> janitors = List.of(nodeA.janitor(none, Duration.ofDays(30), 50),
        nodeB.janitor(none, Duration.ofDays(30), 50));

    long rotations = race(8, i -> janitors.get(i % 2).run().map(Purged::keyRotations).orElse(0L));

    assertThat(rotations).isEqualTo(1);
    assertThat(keyRows(realm)).isEqualTo(2);
  }

  @Test
  void scheduledRotation_underEachNodesPurgeLock_addsOneKeyAndPublishesIt() throws Exception {
    Realm realm = realm();
    String old = kid(token(nodeA, realm));
    now.set(now.get().plus(Duration.ofDays(30)));
    List<Janitor> janitors = List.of(nodeA.janitor(storesA.purgeLock(), Duration.ofDays(30), 50),
        nodeB.janitor(storesB.purgeLock(), Duration.ofDays(30), 50));

    long rotations = race(8, i -> janitors.get(i % 2).run().map(Purged::keyRotations).orElse(0L));

    assertThat(rotations).isEqualTo(1);
    assertThat(keyRows(realm)).isEqualTo(2);
    nodeA.reloadKeys();
    assertThat(jwks(nodeA, realm)).hasSize(2).contains(old);
    assertThat(kid(token(nodeA, realm))).as("pending for keyPublishSeconds").isEqualTo(old);
  }

  @Test
  void reimportWithALongerAccessTtl_keepsRetiredKeysPublishedLonger() throws Exception {
    Realm realm = realm();
    token(nodeA, realm);
    KeySchedule next = nodeA.rotateKeys(realm, false);
    Instant retired = next.activatesAt();
    assertThat(deleteAfterOfRetired(realm)).isEqualTo(retired.plus(ACCESS_TTL).plusSeconds(60));

    importRealm(TestRealms.realm().name(realm.name().value()).accessTtl(Duration.ofHours(2))
        .keys(Duration.ofDays(30), PUBLISH));

    assertThat(deleteAfterOfRetired(realm)).isEqualTo(retired.plus(Duration.ofHours(2)).plusSeconds(60));
  }

  private Instant deleteAfterOfRetired(Realm realm) {
    return nodeA.signingKeys(realm).stream().filter(k -> k.retiredAt() != null).findFirst().orElseThrow()
        .deleteAfter();
  }

  private long keyRows(Realm realm) throws SQLException {
    try (Connection c = storesA.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM signing_key WHERE realm = ?")) {
      ps.setString(1, realm.name().value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Runs {@code n} contenders released at once; returns the sum of their answers. */
  private static long race(int n, java.util.function.IntFunction<Long> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<Long> task = () -> {
          go.await();
          return work.apply(index);
        };
        futures.add(pool.submit(task));
      }
      go.countDown();
      long sum = 0;
      for (Future<Long> f : futures) {
        sum += f.get(60, TimeUnit.SECONDS);
      }
      return sum;
    } finally {
      pool.shutdownNow();
    }
  }
}
