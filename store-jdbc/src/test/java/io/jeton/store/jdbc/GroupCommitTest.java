package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore;
import io.jeton.testkit.TestSessions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of refresh rotations on PostgreSQL ({@link GroupCommit}). To make the batches
 * deterministic, each test first parks both flushers: two rotations of tokens whose rows another
 * transaction holds locked. What is queued meanwhile is committed, once the first lock is released,
 * by the flusher that was waiting on it.
 */
class GroupCommitTest {
  private static final RealmName REALM = RealmName.of("acme");
  private static final Instant AT = TestSessions.NOW.plusSeconds(60);

  private PostgresDatabase database;
  private JdbcStores jdbc;
  private SessionStore sessions;
  private final List<Connection> lockHolders = new ArrayList<>();
  private final java.util.concurrent.ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void open() throws SQLException {
    database = PostgresDatabase.create();
    jdbc = JdbcStores.open(database.url(), PostgresDatabase.USER, "", 8, false, false);
    sessions = jdbc.stores().sessions();
  }

  @AfterEach
  void close() throws Exception {
    for (Connection c : lockHolders) {
      c.close();
    }
    callers.shutdownNow();
    jdbc.close();
    database.close();
  }

  @Test
  void concurrentRotations_ofDifferentTokens_shareOneCommit_andEachIsDurableWhenItReturns() throws Exception {
    Connection lockA = parkFlusher();
    parkFlusher();
    long before = jdbc.groupCommit().commits();

    List<Chain> chains = new ArrayList<>();
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Chain chain = chain();
      chains.add(chain);
      answers.add(rotateLater(chain.first(), chain.successor()));
    }
    await(() -> jdbc.groupCommit().queued() == 30, "30 rotations queued behind the parked flushers");
    lockA.commit();

    for (int i = 0; i < 30; i++) {
      assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isTrue();
      // returned true: committed, so another connection sees the successor
      assertThat(successorStored(chains.get(i).successor())).isTrue();
    }
    // the flusher parked on A: A alone, then the 30 together; the other is still parked on B
    assertThat(jdbc.groupCommit().commits() - before).isEqualTo(2);
  }

  @Test
  void twoRotationsOfOneToken_inOneBatch_exactlyOneWins() throws Exception {
    Connection lockA = parkFlusher();
    parkFlusher();
    Chain chain = chain();
    RefreshToken other = TestSessions.successor(chain.session(), AT);
    CompletableFuture<Boolean> first = rotateLater(chain.first(), chain.successor());
    CompletableFuture<Boolean> second = rotateLater(chain.first(), other);
    await(() -> jdbc.groupCommit().queued() == 2, "both rotations queued");
    long before = jdbc.groupCommit().commits();
    lockA.commit();

    List<Boolean> won = List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
    assertThat(jdbc.groupCommit().commits() - before).as("A alone, then both in one batch").isEqualTo(2);
    assertThat(won).containsExactlyInAnyOrder(true, false);
    assertThat(successorStored(chain.successor()) ^ successorStored(other)).as("one successor stored").isTrue();
  }

  @Test
  void aFailingStatement_failsOnlyItsOwnCaller_theRestOfItsBatchCommits() throws Exception {
    Connection lockA = parkFlusher();
    parkFlusher();
    Chain good = chain();
    Chain bad = chain();
    Chain taken = chain();
    // the successor's hash is that of an existing token: a duplicate key, which fails the batch
    RefreshToken duplicate = TestSessions.token(bad.session(), taken.first().hash(), AT);
    CompletableFuture<Boolean> goodAnswer = rotateLater(good.first(), good.successor());
    CompletableFuture<Boolean> badAnswer = rotateLater(bad.first(), duplicate);
    await(() -> jdbc.groupCommit().queued() == 2, "both rotations queued");
    lockA.commit();

    assertThat(goodAnswer.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(successorStored(good.successor())).isTrue();
    assertThat(badAnswer).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(
        java.util.concurrent.ExecutionException.class).withCauseInstanceOf(JdbcStoreException.class);
    assertThat(((JdbcStoreException) unwrap(badAnswer)).sqlState()).isEqualTo(Database.DUPLICATE_KEY);
    // nothing of the failed rotation was written: its token is still unused
    assertThat(sessions.findRefreshToken(REALM, bad.first().hash()).orElseThrow().token().usedAt()).isEmpty();
  }

  /** A session with its first token and a successor ready to rotate in. */
  private record Chain(Session session, RefreshToken first, RefreshToken successor) {}

  private Chain chain() {
    Session session = TestSessions.session(REALM).build();
    RefreshToken first = TestSessions.firstToken(session);
    sessions.create(session, first);
    return new Chain(session, first, TestSessions.successor(session, AT));
  }

  /**
   * Holds the row of a fresh token locked in an open transaction and starts its rotation, which a
   * flusher takes and then waits on; returns the transaction's connection.
   */
  private Connection parkFlusher() throws Exception {
    Chain chain = chain();
    Connection c = DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
    lockHolders.add(c);
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT hash FROM refresh_token WHERE realm = ? AND hash = ? FOR UPDATE")) {
      ps.setString(1, REALM.value());
      ps.setString(2, chain.first().hash().value());
      ps.executeQuery().close();
    }
    int waiting = lockWaiters();
    rotateLater(chain.first(), chain.successor());
    await(() -> lockWaiters() == waiting + 1 && jdbc.groupCommit().queued() == 0, "a flusher parked on a lock");
    return c;
  }

  private CompletableFuture<Boolean> rotateLater(RefreshToken used, RefreshToken successor) {
    return CompletableFuture.supplyAsync(() -> sessions.rotate(REALM, used.hash(), AT, successor), callers);
  }

  private boolean successorStored(RefreshToken successor) throws SQLException {
    try (Connection c = DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM refresh_token WHERE realm = ? AND hash = ?")) {
      ps.setString(1, REALM.value());
      ps.setString(2, successor.hash().value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private int lockWaiters() {
    try (Connection c = DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Throwable unwrap(CompletableFuture<?> f) {
    try {
      f.join();
      throw new AssertionError("did not fail");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  /** Waits up to 20 s for {@code condition}; also for {@link RevocationGroupCommitContract}. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(10);
    }
  }
}
