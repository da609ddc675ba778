package io.jeton.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jeton.core.Stores;
import io.jeton.core.change.ChangeFeed;
import io.jeton.core.lifecycle.PurgeLock;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Jeton store SPI on one JDBC database (H2 embedded or PostgreSQL), pooled by HikariCP, its
 * schema migrated by Flyway on {@link #open}. Every write method returns only once its transaction
 * has committed; see {@code docs/storage.md} for what that guarantees on each database.
 */
public final class JdbcStores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStores.class);
  /**
   * Parsed statements H2 keeps per connection. Its default, 8, is fewer than the statements one
   * connection of the pool runs (a refresh alone runs five, beside the poll, the purge, lockout and
   * replay statements), so statements were evicted and parsed again on nearly every use: a refresh
   * cost 31 % more CPU (docs/storage.md). The stores have fewer than 100 statements.
   */
  static final int H2_QUERY_CACHE = 128;

  static {
    // the listener of a shared H2 file (H2Share) binds to the loopback interface only; H2 reads this once,
    // when its classes load, so it is set before this class opens any database
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
  }

  /** How long {@link #ping} waits for the database. */
  static final long PING_TIMEOUT_MILLIS = 2000;
  /**
   * How long a request waits for a pooled PostgreSQL connection. The pool's default (30 s), or the
   * 10 s kept for H2, held every request that long once the database was away; with 2 s the first
   * requests after a failure answer 503 within about 2 s, and {@link Reachability} fails the rest at
   * once (docs/storage.md, "When the database is away").
   */
  static final long POSTGRES_CONNECTION_TIMEOUT_MILLIS = 2000;

  private final HikariDataSource dataSource;
  private final Stores stores;
  private final AutoCloseable housekeeping;
  private final PurgeLock purgeLock;
  private final boolean autovacuumOff;
  private final Reachability reachability;
  private final ChangeFeed changes;
  private final AutoCloseable share;
  private final GroupCommit groupCommit;

  private JdbcStores(HikariDataSource dataSource, Dialect dialect, boolean housekeeping, boolean changeNotices,
      AutoCloseable share) {
    this.dataSource = dataSource;
    this.share = share;
    this.changes = dialect == Dialect.POSTGRESQL && changeNotices
        ? new PostgresChangeFeed(new PgConnections(dataSource.getJdbcUrl(), dataSource.getUsername(),
            dataSource.getPassword()))
        : ChangeFeed.NONE;
    this.autovacuumOff = dialect == Dialect.POSTGRESQL && autovacuumOff(dataSource);
    this.purgeLock = dialect == Dialect.POSTGRESQL
        ? new AdvisoryPurgeLock(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword())
        : PurgeLock.inProcess();
    this.housekeeping = !housekeeping ? () -> { }
        : dialect == Dialect.H2 ? H2Housekeeping.start(dataSource) : PostgresStatistics.start(dataSource);
    this.reachability = new Reachability(dataSource, () -> {
      if (dataSource.getHikariPoolMXBean() != null) {
        dataSource.getHikariPoolMXBean().softEvictConnections();
      }
    });
    Database db = new Database(dataSource, dialect, reachability);
    this.groupCommit = new GroupCommit(db);
    this.stores = new Stores(new JdbcRealmStore(db), new JdbcClientStore(db), new JdbcUserStore(db),
        new JdbcSessionStore(db, groupCommit), new JdbcRevocationStore(db, groupCommit), new JdbcKeyStore(db),
        new JdbcAuditStore(db), new JdbcLockoutStore(db), new JdbcReplayStore(db), new JdbcBrowserStore(db), changes);
  }

  /**
   * Opens a pool on the database and brings its schema up to date. An H2 URL gets the settings that
   * make an acknowledged write durable ({@link #h2Url}) unless it sets them itself, and an H2 file that
   * was not closed cleanly is first brought back to its last commit ({@link H2CrashRecovery}).
   */
  public static JdbcStores open(String jdbcUrl, String user, String password, int poolSize) {
    return open(jdbcUrl, user, password, poolSize, true, true);
  }

  /**
   * {@link #open}, with or without change notices ({@code db.notify}): on PostgreSQL, {@link
   * Stores#changes()} is then {@code LISTEN/NOTIFY} on two connections of its own, opened on first
   * use (docs/storage.md, "Change notices"); on H2 there are none either way.
   */
  public static JdbcStores open(String jdbcUrl, String user, String password, int poolSize, boolean changeNotices) {
    return open(jdbcUrl, user, password, poolSize, true, changeNotices);
  }

  /**
   * {@link #open}, optionally without the background housekeeping ({@link H2Housekeeping} on H2,
   * {@link PostgresStatistics} on PostgreSQL): only to measure what it saves, or to run it by hand.
   */
  static JdbcStores open(String jdbcUrl, String user, String password, int poolSize, boolean housekeeping,
      boolean changeNotices) {
    return open(jdbcUrl, user, password, poolSize, housekeeping, changeNotices, true);
  }

  /**
   * {@link #open} for an operator's command ({@code bin/jeton realm ...}), which may run beside a
   * server on the same database: without housekeeping, and on an embedded H2 file that a running
   * server holds, through the server's loopback listener ({@link H2Share}) instead of failing.
   */
  public static JdbcStores openBeside(String jdbcUrl, String user, String password, int poolSize,
      boolean changeNotices) {
    return open(jdbcUrl, user, password, poolSize, false, changeNotices, false);
  }

  /** @param share on a local H2 file, publish a listener so that commands can reach it ({@link H2Share}) */
  private static JdbcStores open(String jdbcUrl, String user, String password, int poolSize, boolean housekeeping,
      boolean changeNotices, boolean share) {
    Dialect dialect = Dialect.of(jdbcUrl);
    String url = dialect == Dialect.H2 ? h2Url(jdbcUrl) : jdbcUrl;
    java.util.Optional<String> local = dialect == Dialect.H2 ? H2Share.localName(url) : java.util.Optional.empty();
    if (dialect == Dialect.H2) {
      H2CrashRecovery.recoverIfUnclean(url);
    }
    try {
      return openPool(url, user, password, poolSize, dialect, housekeeping, changeNotices,
          share ? local : java.util.Optional.empty());
    } catch (RuntimeException e) {
      if (share || local.isEmpty() || !H2Share.isLocked(e)) {
        throw e;
      }
      String remote = H2Share.remoteUrl(local.get()).orElseThrow(() -> e);
      return openPool(remote, user, password, poolSize, dialect, false, changeNotices, java.util.Optional.empty());
    }
  }

  private static JdbcStores openPool(String url, String user, String password, int poolSize, Dialect dialect,
      boolean housekeeping, boolean changeNotices, java.util.Optional<String> share) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(Math.max(1, poolSize));
    config.setMinimumIdle(Math.min(2, Math.max(1, poolSize)));
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setConnectionTimeout(10_000);
    config.setValidationTimeout(PING_TIMEOUT_MILLIS);
    config.setPoolName("jeton-" + dialect.name().toLowerCase(Locale.ROOT));
    if (dialect == Dialect.POSTGRESQL) {
      config.setConnectionTimeout(POSTGRES_CONNECTION_TIMEOUT_MILLIS);
      // no idle minimum: while the database is away, the pool does not keep trying to refill itself
      // in the background; connections are opened on demand, and kept for idleTimeout (10 min)
      config.setMinimumIdle(0);
    }
    HikariDataSource ds = new HikariDataSource(config);
    try {
      // Flyway holds two connections at once (lock and migration): give it its own, not the pool's.
      Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration/common")
          .failOnMissingLocations(false).load().migrate();
      AutoCloseable listener = share.<AutoCloseable>map(H2Share::start).orElse(() -> { });
      return new JdbcStores(ds, dialect, housekeeping, changeNotices, listener);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /**
   * Every refresh updates a row and inserts one, and the purge job deletes: without autovacuum the
   * dead rows are never reclaimed. Jeton still plans well (it keeps its tables' statistics itself,
   * {@link PostgresStatistics}), but the tables only grow: the server says so at start ({@link
   * #autovacuumOff()}).
   */
  private static boolean autovacuumOff(DataSource ds) {
    try (Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SHOW autovacuum")) {
      return rs.next() && "off".equalsIgnoreCase(rs.getString(1));
    } catch (java.sql.SQLException e) {
      LOG.debug("could not read the autovacuum setting", e);
      return false;
    }
  }

  /** Whether the database is a PostgreSQL running with {@code autovacuum = off}, read at open. */
  public boolean autovacuumOff() {
    return autovacuumOff;
  }

  /**
   * The H2 URL with durability and locking settings appended where the URL does not set them:
   * {@code WRITE_DELAY=0} makes every commit write its MVStore chunk to the file before the commit
   * returns (H2's default delays it up to 500 ms, losing acknowledged writes on a crash);
   * {@code RETENTION_TIME=1000} lets dead chunks be reused after one second instead of 45, so that the
   * file stays small under a commit per refresh ({@link H2Housekeeping}), which costs nothing after a
   * killed process once {@link H2CrashRecovery} reopens at the newest chunk; {@code LOCK_TIMEOUT=10000}
   * lets a concurrent compare-and-set wait for the row lock instead of failing after H2's one second;
   * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to Jeton, after it has drained its requests (H2's
   * own shutdown hook closed the database under requests in flight, which then answered 500);
   * {@code QUERY_CACHE_SIZE} keeps every statement of the stores parsed on every pooled connection
   * ({@link #H2_QUERY_CACHE}).
   */
  static String h2Url(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(url);
    if (!lower.contains(";write_delay=")) {
      out.append(";WRITE_DELAY=0");
    }
    if (!lower.contains(";retention_time=")) {
      out.append(";RETENTION_TIME=1000");
    }
    if (!lower.contains(";lock_timeout=")) {
      out.append(";LOCK_TIMEOUT=10000");
    }
    if (!lower.contains(";db_close_on_exit=")) {
      out.append(";DB_CLOSE_ON_EXIT=FALSE");
    }
    if (!lower.contains(";query_cache_size=")) {
      out.append(";QUERY_CACHE_SIZE=").append(H2_QUERY_CACHE);
    }
    return out.toString();
  }

  public Stores stores() {
    return stores;
  }

  /**
   * Reports the pool's connections (active, idle, pending, timeouts, acquire and usage times) to
   * {@code tracker}: HikariCP's own metrics, such as its Micrometer tracker for {@code /metrics}.
   * Once per store; callable after the pool started.
   */
  public void trackPool(com.zaxxer.hikari.metrics.MetricsTrackerFactory tracker) {
    dataSource.setMetricsTrackerFactory(tracker);
  }

  /**
   * Whether the database answers a validation query within about two seconds; false at once while
   * it is known to be away ({@link Reachability}: its probe finds out when it is back).
   */
  public boolean ping() {
    if (!reachability.up()) {
      return false;
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    Thread.ofVirtual().name("jeton-db-ping").start(() -> {
      try (Connection c = dataSource.getConnection()) {
        answer.complete(c.isValid((int) TimeUnit.MILLISECONDS.toSeconds(PING_TIMEOUT_MILLIS)));
      } catch (java.sql.SQLException e) {
        reachability.failed(e);
        answer.complete(false);
      } catch (Exception e) {
        answer.complete(false);
      }
    });
    try {
      return answer.get(PING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * The purge job's lock: PostgreSQL's advisory lock, so that one node of a cluster purges at a
   * time; on H2, whose file one process alone can open, a lock in this process.
   */
  public PurgeLock purgeLock() {
    return purgeLock;
  }

  /** Where PostgreSQL rotations and access-token revocations are committed together: for tests. */
  GroupCommit groupCommit() {
    return groupCommit;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    reachability.close();
    try {
      share.close();
      groupCommit.close();
      if (changes instanceof PostgresChangeFeed feed) {
        feed.close();
      }
      housekeeping.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      dataSource.close();
    }
  }
}
