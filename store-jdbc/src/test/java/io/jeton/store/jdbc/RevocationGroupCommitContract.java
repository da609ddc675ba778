package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.revoke.RevocationStore;
import io.jeton.testkit.TestRealms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access-token revocations committed together ({@link GroupCommit}): concurrent revocations share a
 * transaction, and each is readable from another connection once its call returned. To make the
 * batches deterministic, each test first parks both flushers: two revocations of tokens whose
 * entries another transaction has inserted and not committed, so that each waits on that
 * transaction. Subclasses choose the database: PostgreSQL, the store that batches revocations (H2
 * commits each on its own, docs/storage.md).
 */
abstract class RevocationGroupCommitContract {
  private static final Instant EXPIRES = Instant.parse("2031-01-01T00:00:00Z");

  private JdbcStores jdbc;
  private RevocationStore revocations;
  private RealmName realm;
  private final List<Connection> holders = new ArrayList<>();
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

  protected abstract JdbcStores openStores() throws Exception;

  protected void afterStores() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    jdbc = openStores();
    revocations = jdbc.stores().revocations();
    realm = TestRealms.uniqueName();
    jdbc.stores().realms().upsert(Realm.withDefaults(realm));
  }

  @AfterEach
  void close() throws Exception {
    for (Connection c : holders) {
      c.close();
    }
    callers.shutdownNow();
    jdbc.close();
    afterStores();
  }

  @Test
  void concurrentRevocations_shareOneCommit_andEachIsReadableWhenItReturns() throws Exception {
    Connection holderA = parkFlusher("park-a");
    parkFlusher("park-b");
    long before = jdbc.groupCommit().commits();

    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String jti = "jti-" + i;
      // returned: committed, so another connection reads the entry
      answers.add(revokeLater(jti).thenRun(() -> assertThat(stored(jti)).as(jti).isEqualTo(1)));
    }
    GroupCommitTest.await(() -> jdbc.groupCommit().queued() == 30, "30 revocations queued behind the parked flushers");
    holderA.rollback();

    for (CompletableFuture<Void> answer : answers) {
      answer.get(20, TimeUnit.SECONDS);
    }
    // the flusher parked on A: A alone, then the 30 together; the other is still parked on B
    assertThat(jdbc.groupCommit().commits() - before).isEqualTo(2);
    assertThat(stored("park-a")).isEqualTo(1);
  }

  @Test
  void twoRevocationsOfOneToken_inOneBatch_recordOneEntry() throws Exception {
    Connection holderA = parkFlusher("park-a");
    parkFlusher("park-b");
    List<CompletableFuture<Void>> answers = List.of(revokeLater("same"), revokeLater("same"), revokeLater("other"));
    GroupCommitTest.await(() -> jdbc.groupCommit().queued() == 3, "three revocations queued");
    long before = jdbc.groupCommit().commits();
    holderA.rollback();

    for (CompletableFuture<Void> answer : answers) {
      answer.get(20, TimeUnit.SECONDS);
    }
    assertThat(jdbc.groupCommit().commits() - before).as("A alone, then the three in one batch").isEqualTo(2);
    assertThat(stored("same")).isEqualTo(1);
    assertThat(stored("other")).isEqualTo(1);
  }

  /**
   * A token that another transaction revoked meanwhile: its guarded insert inserts nothing (on a
   * store where it fails the batch instead, the batch runs one by one); every caller still returns
   * normally.
   */
  @Test
  void aRevocationAnotherTransactionRecorded_inABatch_stillSucceeds_andSoDoTheOthers() throws Exception {
    Connection holderA = parkFlusher("park-a");
    parkFlusher("park-b");
    Connection other = holder();
    insertEntry(other, "dup");
    List<CompletableFuture<Void>> answers = List.of(revokeLater("x1"), revokeLater("dup"), revokeLater("x2"));
    GroupCommitTest.await(() -> jdbc.groupCommit().queued() == 3, "three revocations queued");
    other.commit();
    holderA.rollback();

    for (CompletableFuture<Void> answer : answers) {
      answer.get(20, TimeUnit.SECONDS);
    }
    assertThat(List.of(stored("x1"), stored("dup"), stored("x2"))).containsExactly(1, 1, 1);
  }

  @Test
  void aRevocationAlone_commitsAtOnce() {
    long before = jdbc.groupCommit().commits();
    revocations.revokeAccessToken(realm, "alone", EXPIRES);
    assertThat(stored("alone")).isEqualTo(1);
    assertThat(jdbc.groupCommit().commits() - before).isEqualTo(1);
  }

  /**
   * Inserts the entry of {@code jti} in a transaction left open, then starts its revocation, which a
   * flusher takes and then waits on; returns the transaction's connection.
   */
  private Connection parkFlusher(String jti) throws Exception {
    Connection c = holder();
    insertEntry(c, jti);
    CompletableFuture<Void> parked = revokeLater(jti);
    GroupCommitTest.await(() -> jdbc.groupCommit().queued() == 0, "a flusher took the revocation of " + jti);
    Thread.sleep(100);
    assertThat(parked).as("waits on the open transaction").isNotDone();
    return c;
  }

  private Connection holder() throws SQLException {
    Connection c = jdbc.dataSource().getConnection();
    holders.add(c);
    c.setAutoCommit(false);
    return c;
  }

  private void insertEntry(Connection c, String jti) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO revocation (realm, kind, subject, expires_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, realm.value());
      ps.setString(2, RevocationEntry.Kind.ACCESS_TOKEN.name());
      ps.setString(3, jti);
      ps.setLong(4, EXPIRES.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private CompletableFuture<Void> revokeLater(String jti) {
    return CompletableFuture.runAsync(() -> revocations.revokeAccessToken(realm, jti, EXPIRES), callers);
  }

  /** How many entries for {@code jti}, read on a connection of its own. */
  private int stored(String jti) {
    try (Connection c = jdbc.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM revocation WHERE realm = ? AND kind = ? AND subject = ?")) {
      ps.setString(1, realm.value());
      ps.setString(2, RevocationEntry.Kind.ACCESS_TOKEN.name());
      ps.setString(3, jti);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
