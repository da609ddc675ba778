package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.realm.Realm;
import io.jeton.server.config.ServerConfig;
import io.jeton.testkit.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SPEC 10 on three nodes of one PostgreSQL database: a revocation on node A is honoured by B and C
 * within 1 s, and a realm, client or user change within 5 s. With notices on, the poll and the
 * directory cache lifetime are set far longer than the deadline (10 s, 1 h), so only {@code
 * LISTEN/NOTIFY} can meet it; with {@code db.notify: false} the poll and the lifetime do, within
 * their interval plus a margin for this loaded machine. The deadlines are SPEC 10's acceptance
 * criteria, asserted as such; the revocation percentiles are printed for the closing note.
 */
class ChangeNoticesTest {
  private static final Duration LONG_POLL = Duration.ofSeconds(10);
  private static final Duration SHORT_POLL = Duration.ofMillis(250);

  private static UnaryOperator<ServerConfig> tune(Duration poll, Duration directoryCache, boolean notices) {
    return c -> c.withRevocationPoll(poll).withLifecycle(new ServerConfig.Lifecycle(Duration.ofSeconds(60),
        Duration.ofDays(30), Duration.ofHours(1), 500, Duration.ofSeconds(60)).withDirectoryCache(directoryCache)
        .withChangeNotices(notices));
  }

  @Test
  void revocationOnA_isInactiveOnBAndCWithinOneSecond_byNotices_200Times() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create(); Cluster nodes = new Cluster(db,
        tune(LONG_POLL, Duration.ofHours(1), true))) {
      List<Long> millis = revocations(nodes, 200);
      report("notices on, poll 10 s", millis);
      assertThat(Collections.max(millis)).as("slowest of 200 revocations, ms").isLessThan(1000);
    }
  }

  @Test
  void notificationsOff_revocationOnA_isInactiveOnBAndCWithinThePollInterval() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create(); Cluster nodes = new Cluster(db,
        tune(SHORT_POLL, Duration.ofSeconds(2), false))) {
      assertThat(listeners(db)).as("no listener with db.notify false").isZero();
      List<Long> millis = revocations(nodes, 50);
      report("notices off, poll 250 ms", millis);
      assertThat(Collections.max(millis)).as("slowest, ms: the poll interval plus a 750 ms margin").isLessThan(1000);
    }
  }

  @Test
  void clientSecretUserAndRealmChangedOnA_areSeenByBWithinFiveSeconds_byNotices() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create(); Cluster nodes = new Cluster(db,
        tune(LONG_POLL, Duration.ofHours(1), true))) {
      long ms = directoryChange(nodes);
      System.out.printf("directory change seen by node B after %d ms (notices on, cache lifetime 1 h)%n", ms);
      assertThat(ms).isLessThan(5000);
    }
  }

  @Test
  void notificationsOff_directoryChangeOnA_isSeenByBWithinTheCacheLifetime() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create(); Cluster nodes = new Cluster(db,
        tune(SHORT_POLL, Duration.ofSeconds(2), false))) {
      long ms = directoryChange(nodes);
      System.out.printf("directory change seen by node B after %d ms (notices off, cache lifetime 2 s)%n", ms);
      assertThat(ms).as("the 2 s lifetime plus a 1 s margin").isLessThan(3000);
    }
  }

  @Test
  void listenerConnectionKilled_reconnects_andALaterRevocationIsAgainSeenWithinOneSecond() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create(); Cluster nodes = new Cluster(db,
        tune(LONG_POLL, Duration.ofHours(1), true))) {
      assertThat(revocations(nodes, 3)).allMatch(ms -> ms < 1000);
      awaitTrue(() -> listeners(db) == 3, Duration.ofSeconds(10), "three listeners");
      List<Integer> before = listenerPids(db);
      try (Connection c = DriverManager.getConnection(db.url(), PostgresDatabase.USER, "");
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'jeton-listener'"
            + " AND datname = current_database()");
      }
      awaitTrue(() -> listeners(db) == 3 && Collections.disjoint(listenerPids(db), before), Duration.ofSeconds(10),
          "three new listeners");
      List<Long> millis = revocations(nodes, 20);
      report("after the listeners were killed", millis);
      assertThat(Collections.max(millis)).isLessThan(1000);
    }
  }

  /** Node A makes a token, B and C see it active, A revokes it; the time until both see it inactive. */
  private static List<Long> revocations(Cluster nodes, int times) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      String token = nodes.a.clientToken("acme").get("access_token").asText();
      assertThat(nodes.b.introspect("acme", token).get("active").asBoolean()).isTrue();
      assertThat(nodes.c.introspect("acme", token).get("active").asBoolean()).isTrue();
      assertThat(nodes.a.post("acme", "revoke", "app", "app-secret", TestNode.form("token", token)).statusCode())
          .isEqualTo(200);
      long start = System.nanoTime();
      boolean bDone = false;
      boolean cDone = false;
      while (!(bDone && cDone) && System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
        bDone = bDone || !nodes.b.introspect("acme", token).get("active").asBoolean();
        cDone = cDone || !nodes.c.introspect("acme", token).get("active").asBoolean();
      }
      assertThat(bDone && cDone).as("revoked on both other nodes within 15 s").isTrue();
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    return millis;
  }

  /**
   * Node B has read acme, its client {@code app} and user alice; node A imports acme again with a new
   * secret for {@code app}, alice disabled and another access-token lifetime. Returns the time until
   * B sees all three: the new secret works and the old one fails, alice is disabled, the lifetime
   * is the new one.
   */
  private static long directoryChange(Cluster nodes) throws Exception {
    RealmName acme = RealmName.of("acme");
    assertThat(nodes.b.clientToken("acme").get("expires_in").asLong()).isEqualTo(3600);
    Realm realmOnB = nodes.b.server.engine().realm(acme).orElseThrow();
    UserId alice = nodes.a.server.database().stores().users().findByUsername(acme, "alice").orElseThrow().id();
    assertThat(nodes.b.server.engine().user(realmOnB, alice).orElseThrow().enabled()).isTrue();
    Optional<String> oldHash = nodes.b.server.engine().client(realmOnB, ClientId.of("app")).orElseThrow().secretHash();

    RealmImport standard = TestNode.realm(nodes.a.server.engine().realm(acme).orElseThrow());
    Realm changed = new Realm(acme, "acme-issuer", Optional.empty(), Duration.ofSeconds(1800), null, null,
        Duration.ofSeconds(10), realmOnB.signingAlgorithm(), null);
    List<RealmImport.ClientImport> clients = new ArrayList<>();
    for (RealmImport.ClientImport c : standard.clients()) {
      clients.add(c.id().equals("app") ? new RealmImport.ClientImport("app", Optional.of("new-secret"),
          c.grants(), c.scopes(), Optional.empty()) : c);
    }
    List<RealmImport.UserImport> users = new ArrayList<>();
    for (RealmImport.UserImport u : standard.users()) {
      users.add(u.username().equals("alice")
          ? new RealmImport.UserImport("alice", u.password(), false, u.roles(), u.attributes()) : u);
    }
    nodes.a.server.engine().importRealm(new RealmImport(changed, clients, users));
    long start = System.nanoTime();
    // read through B's engine: wrong secrets sent while polling would count as failures and lock the client out
    awaitTrue(() -> {
      Realm r = nodes.b.server.engine().realm(acme).orElseThrow();
      boolean secret = !nodes.b.server.engine().client(r, ClientId.of("app")).orElseThrow().secretHash()
          .equals(oldHash);
      boolean user = !nodes.b.server.engine().user(r, alice).orElseThrow().enabled();
      return secret && user && r.accessTokenTtl().equals(Duration.ofSeconds(1800));
    }, Duration.ofSeconds(15), "node B sees the new secret, the disabled user and the realm's new lifetime");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(nodes.b.post("acme", "token", "app", "new-secret", TestNode.form("grant_type", "client_credentials"))
        .statusCode()).as("the new secret, on B").isEqualTo(200);
    assertThat(nodes.b.post("acme", "token", "app", "app-secret", TestNode.form("grant_type", "client_credentials"))
        .statusCode()).as("the old secret, on B").isEqualTo(401);
    assertThat(nodes.b.post("acme", "token", "app", "new-secret", TestNode.form("grant_type", "client_credentials")))
        .extracting(r -> TestNode.json(r).get("expires_in").asLong()).as("the new lifetime, on B").isEqualTo(1800L);
    return ms;
  }

  private static void report(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("revocation seen by nodes B and C (%s), %d revocations: p50 %d ms, p99 %d ms, max %d ms%n",
        what, sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
        sorted.getLast());
  }

  private static long listeners(PostgresDatabase db) {
    return listenerPids(db).size();
  }

  private static List<Integer> listenerPids(PostgresDatabase db) {
    try {
      return db.column("SELECT pid FROM pg_stat_activity WHERE application_name = 'jeton-listener'"
          + " AND datname = current_database()").stream().map(Integer::valueOf).toList();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + limit).isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** Three nodes on one database: A imports the standard realms, B and C read them from the store. */
  private static final class Cluster implements AutoCloseable {
    final TestNode a;
    final TestNode b;
    final TestNode c;

    Cluster(PostgresDatabase db, UnaryOperator<ServerConfig> tune) {
      String masterKey = io.jeton.core.crypto.MasterKey.generate().toBase64();
      UnaryOperator<ServerConfig> shared = cfg -> tune.apply(cfg.withMasterKey(masterKey)
          .withPublicUrl("https://auth.example.test"));
      this.a = TestNode.startOn(db.url(), TestNode.imports(Duration.ofSeconds(10)), shared, InstantSource.system());
      this.b = TestNode.startOn(db.url(), List.of(), shared, InstantSource.system());
      this.c = TestNode.startOn(db.url(), List.of(), shared, InstantSource.system());
    }

    @Override
    public void close() {
      c.close();
      b.close();
      a.close();
    }
  }
}
