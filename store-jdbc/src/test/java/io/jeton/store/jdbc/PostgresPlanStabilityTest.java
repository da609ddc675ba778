package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore;
import io.jeton.testkit.TestSessions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL refresh collapse (issue 8, docs/storage.md "The refresh collapse"): a pooled
 * connection caches a generic plan of each hot statement after five executions. Made while the
 * tables are nearly empty and never analysed (a fresh database, autovacuum off or not yet run),
 * that plan may find a refresh token through an index on {@code realm} alone and filter by hash,
 * and then reads every token of the realm on every refresh once the table has grown. Here the
 * plans are made on an almost empty realm, the tables grow by 40,000 sessions and tokens without
 * {@code ANALYZE}, and the same pooled connection then looks up and rotates tokens; the rows each
 * refresh reads are counted by PostgreSQL's own statistics, before and after one round of {@link
 * PostgresStatistics}, which a running node makes every five seconds.
 */
class PostgresPlanStabilityTest {
  private static final RealmName REALM = RealmName.of("bench");
  private static final int GROWTH = 40_000;
  private static final int LOOKUPS = 20;

  private PostgresDatabase database;
  private JdbcStores jdbc;

  @AfterEach
  void drop() throws Exception {
    if (jdbc != null) {
      jdbc.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void refreshLookupAndRotation_afterTheTablesGrewUnanalysed_readOnlyTheirOwnRowsOnceTheStatisticsRoundRan()
      throws SQLException {
    database = PostgresDatabase.create();
    // one connection: the one whose plans were cached is the one measured; no timer: the test runs
    // the statistics round itself
    jdbc = JdbcStores.open(database.url(), PostgresDatabase.USER, "", 1, false, false);
    SessionStore sessions = jdbc.stores().sessions();
    Session session = TestSessions.session(REALM).build();
    RefreshToken current = TestSessions.firstToken(session);
    sessions.create(session, current);
    Instant at = TestSessions.NOW;
    for (int i = 0; i < 10; i++) { // past pgjdbc's and PostgreSQL's thresholds for a cached generic plan
      current = rotate(sessions, session, current, at = at.plusSeconds(1));
    }
    try (Connection c = java.sql.DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO session (realm, id, user_id, client_id, auth_service, scope, created_at, expires_at) "
          + "SELECT 'bench', 'g' || i, 'u' || i, 'app', 'password', '', 0, 9000000000000 FROM generate_series(1, "
          + GROWTH + ") i");
      s.execute("INSERT INTO refresh_token (realm, hash, session_id, client_id, issued_at, expires_at) "
          + "SELECT 'bench', lpad(md5(i::text), 43, 'x'), 'g' || i, 'app', 0, 9000000000000 "
          + "FROM generate_series(1, " + GROWTH + ") i");
      flush(s);
    }
    long before = rowsRead();
    for (int i = 0; i < LOOKUPS; i++) {
      assertThat(sessions.findRefreshToken(REALM, current.hash())).isPresent();
      current = rotate(sessions, session, current, at = at.plusSeconds(1));
    }
    long unanalysed = (rowsRead() - before) / LOOKUPS;

    assertThat(PostgresStatistics.manual(jdbc.dataSource()).analyseStale()).contains("session", "refresh_token");
    before = rowsRead();
    for (int i = 0; i < LOOKUPS; i++) {
      assertThat(sessions.findRefreshToken(REALM, current.hash())).isPresent();
      current = rotate(sessions, session, current, at = at.plusSeconds(1));
    }
    long analysed = (rowsRead() - before) / LOOKUPS;
    // a lookup, a compare-and-set and an insert with its foreign key check: a few rows each; a
    // plan that scans the realm reads tens of thousands
    assertThat(analysed).as("rows read per lookup + rotation once analysed (%d before)", unanalysed)
        .isLessThan(50);
  }

  @Test
  void refreshLookup_afterAFewDozenLogins_readsOnlyItsOwnSessionOnceTheStatisticsRoundRan() throws SQLException {
    database = PostgresDatabase.create();
    jdbc = JdbcStores.open(database.url(), PostgresDatabase.USER, "", 1, false, false);
    SessionStore sessions = jdbc.stores().sessions();
    Session session = TestSessions.session(REALM).build();
    RefreshToken current = TestSessions.firstToken(session);
    sessions.create(session, current);
    try (Connection c = java.sql.DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
        Statement s = c.createStatement()) {
      s.execute("ANALYZE session, refresh_token, app_user");
    }
    // a benchmark's or a new deployment's few dozen logins, then refreshes: the planner, which
    // saw one session, reads every session of the realm through another index to find one
    for (int i = 0; i < 45; i++) {
      Session other = TestSessions.session(REALM).build();
      sessions.create(other, TestSessions.firstToken(other));
    }
    Instant at = TestSessions.NOW;
    for (int i = 0; i < 10; i++) {
      current = rotate(sessions, session, current, at = at.plusSeconds(1));
    }
    flushPooled();
    assertThat(PostgresStatistics.manual(jdbc.dataSource()).analyseStale()).contains("session");
    long before = pagesRead();
    for (int i = 0; i < LOOKUPS; i++) {
      assertThat(sessions.findRefreshToken(REALM, current.hash())).isPresent();
    }
    // a few index and heap pages of each table; a join that starts from the realm's sessions
    // probes the token's primary key once per session, three or four pages each (150 here before)
    assertThat((pagesRead() - before) / LOOKUPS).as("pages read per lookup").isLessThanOrEqualTo(12);
  }

  @Test
  void statisticsRound_analysesATableOnlyOnceItChangedBeyondTheThreshold() throws SQLException {
    database = PostgresDatabase.create();
    jdbc = JdbcStores.open(database.url(), PostgresDatabase.USER, "", 2, false, false);
    PostgresStatistics statistics = PostgresStatistics.manual(jdbc.dataSource());
    statistics.analyseStale(); // whatever the migrations left
    try (Connection c = java.sql.DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
        Statement s = c.createStatement()) {
      insertSessions(s, "a", 40);
      assertThat(statistics.analyseStale()).as("40 rows into an empty table").containsExactly("session");
      insertSessions(s, "b", 5);
      assertThat(statistics.analyseStale()).as("5 of 45: under a fifth").doesNotContain("session");
      insertSessions(s, "c", 20);
      assertThat(statistics.analyseStale()).as("25 of 65").containsExactly("session");
      assertThat(statistics.analyseStale()).as("right after its analyse").isEmpty();
      insertSessions(s, "d", 1000);
      assertThat(statistics.analyseStale()).as("1,000 of 1,065").containsExactly("session");
      insertSessions(s, "e", 150);
      assertThat(statistics.analyseStale()).as("150 of 1,215: under a tenth plus 50").doesNotContain("session");
      insertSessions(s, "f", 50);
      assertThat(statistics.analyseStale()).as("200 of 1,265").containsExactly("session");
      insertSessions(s, "g", 20000);
      // a table that big waits a minute after its last analyse (one never analysed does not: the
      // first test above)
      assertThat(statistics.analyseStale()).as("20,000 of 21,265, analysed a moment ago").isEmpty();
    }
  }

  private static void insertSessions(Statement s, String prefix, int count) throws SQLException {
    s.execute("INSERT INTO session (realm, id, user_id, client_id, auth_service, scope, created_at, expires_at) "
        + "SELECT 'bench', '" + prefix + "' || i, 'u' || i, 'app', 'password', '', 0, 9000000000000 "
        + "FROM generate_series(1, " + count + ") i");
    flush(s);
  }

  @Test
  void openStores_analyseAGrownTableByThemselves() throws Exception {
    database = PostgresDatabase.create();
    jdbc = database.open(2);
    try (Connection c = java.sql.DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO session (realm, id, user_id, client_id, auth_service, scope, created_at, expires_at) "
          + "SELECT 'bench', 'g' || i, 'u' || i, 'app', 'password', '', 0, 9000000000000 FROM generate_series(1, 500) i");
      flush(s);
      boolean analysed = false;
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
          3 * PostgresStatistics.PERIOD_MILLIS);
      while (!analysed && System.nanoTime() < deadline) {
        Thread.sleep(200);
        try (ResultSet rs = s.executeQuery(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'session'")) {
          analysed = rs.next() && rs.getBoolean(1);
        }
      }
      assertThat(analysed).as("session analysed by the stores' own round").isTrue();
    }
  }

  private static RefreshToken rotate(SessionStore sessions, Session session, RefreshToken used, Instant at) {
    RefreshToken next = TestSessions.successor(session, at);
    assertThat(sessions.rotate(REALM, used.hash(), at, next)).isTrue();
    return next;
  }

  /**
   * Rows read from {@code session} and {@code refresh_token} so far: tuples of sequential scans and
   * index entries of index scans. The pooled connection's counters are flushed first (PostgreSQL 15
   * keeps them per backend for up to a second).
   */
  private long rowsRead() throws SQLException {
    return counted("SELECT (SELECT COALESCE(SUM(seq_tup_read), 0) FROM pg_stat_user_tables "
        + "WHERE relname IN ('session', 'refresh_token')) + (SELECT COALESCE(SUM(idx_tup_read), 0) "
        + "FROM pg_stat_user_indexes WHERE relname IN ('session', 'refresh_token'))");
  }

  /** Pages of Jeton's three tables of a lookup, and of their indexes, read so far (from memory or not). */
  private long pagesRead() throws SQLException {
    return counted("SELECT SUM(heap_blks_read + heap_blks_hit + COALESCE(idx_blks_read, 0) "
        + "+ COALESCE(idx_blks_hit, 0)) FROM pg_statio_user_tables "
        + "WHERE relname IN ('session', 'refresh_token', 'app_user')");
  }

  /** The number {@code sql} reads from PostgreSQL's statistics, once the pooled connection's are in. */
  private long counted(String sql) throws SQLException {
    flushPooled();
    try (Connection c = java.sql.DriverManager.getConnection(database.url(), PostgresDatabase.USER, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Makes the pooled connection's backend publish its counters (its changes and reads). */
  private void flushPooled() throws SQLException {
    try (Connection pooled = jdbc.dataSource().getConnection(); Statement s = pooled.createStatement()) {
      flush(s);
    }
  }

  /** Makes this backend publish its statistics counters at the end of its next statement. */
  private static void flush(Statement s) throws SQLException {
    s.execute("SELECT pg_stat_force_next_flush()");
    s.execute("SELECT 1");
  }
}
