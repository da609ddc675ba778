package io.jeton.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of Jeton's tables current, so that every plan, cached or
 * not, knows how many rows a realm has: every {@link #PERIOD_MILLIS} it analyses each table changed
 * since its last analyse by more than autovacuum's own default threshold (50 rows plus a tenth of
 * the table), or, in a table of under 500 rows, by more than a fifth of it. Without statistics
 * PostgreSQL assumes that {@code realm = ?} matches half a percent of a table, so an index on {@code
 * realm} alone looks as good as the primary key, and with one realm a refresh then reads every
 * token or session of the realm (the refresh collapse, docs/storage.md). Statistics of one session
 * do the same to a realm of forty-six: autovacuum's 50 rows are never reached, and every refresh
 * read all of them (2026-12-04). Analysing a small table costs a millisecond; one of 10,000 rows or
 * more samples 30,000 of them, a fifth of a second of the database's CPU, so such a table is
 * analysed at most once a minute (by any node, or by autovacuum): a table growing by thousands of
 * rows a second was otherwise analysed in every round, a seventh of the database's CPU under a
 * refresh load. Autovacuum does the same job, but wakes once a minute, and this machine's CI and
 * many test databases run without it.
 *
 * <p>Every node runs one; once a node has analysed a table its change count is back at zero, so the
 * others find nothing to do. A failure (a lost database, a user that does not own the tables) is
 * logged once and the next round tries again.
 */
final class PostgresStatistics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStatistics.class);
  static final long PERIOD_MILLIS = 5000;

  /** Tables of the current schema changed enough since their last analyse (or ever, if never). */
  static final String STALE = "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
      + "AND relname <> 'flyway_schema_history' AND n_mod_since_analyze > 0.1 * n_live_tup "
      + "+ LEAST(50, 0.1 * n_live_tup) AND (n_live_tup < 10000 OR GREATEST(last_analyze, last_autoanalyze) IS NULL "
      + "OR GREATEST(last_analyze, last_autoanalyze) < now() - interval '60 seconds') ORDER BY relname";

  private final DataSource dataSource;
  private final ScheduledExecutorService timer;
  private volatile boolean failing;

  private PostgresStatistics(DataSource dataSource, boolean scheduled) {
    this.dataSource = dataSource;
    this.timer = scheduled
        ? Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("jeton-pg-statistics")
            .unstarted(r))
        : null;
    if (timer != null) {
      timer.scheduleWithFixedDelay(this::round, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Starts the rounds on a thread of their own. */
  static PostgresStatistics start(DataSource dataSource) {
    return new PostgresStatistics(dataSource, true);
  }

  /** Without a timer: a test calls {@link #analyseStale()} itself. */
  static PostgresStatistics manual(DataSource dataSource) {
    return new PostgresStatistics(dataSource, false);
  }

  private void round() {
    try {
      analyseStale();
      if (failing) {
        LOG.info("analysing Jeton's tables works again");
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        LOG.warn("could not analyse Jeton's tables (plans may be slow until it works): {}", e.toString());
        failing = true;
      }
    }
  }

  /** Analyses every table past the threshold now; returns their names. */
  List<String> analyseStale() throws SQLException {
    List<String> analysed = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      List<String> stale = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(STALE)) {
        while (rs.next()) {
          stale.add(rs.getString(1));
        }
      }
      for (String table : stale) {
        s.execute("ANALYZE \"" + table.replace("\"", "\"\"") + "\"");
        analysed.add(table);
      }
    }
    if (!analysed.isEmpty()) {
      LOG.debug("analysed {}", analysed);
    }
    return analysed;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
