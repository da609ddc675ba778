package io.jeton.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database can be reached, so that a node fails fast while it is away (SPEC 10,
 * "Faults"). The first store call that fails because the database is unreachable ({@link
 * JdbcStoreException#unreachable}: a connection error, not a pool that is merely busy) marks it down; from then on every store call throws at once
 * (a {@link SQLTransientConnectionException}, which each API answers with its 503) instead of
 * waiting out the pool's connection timeout, and one probe thread asks the pool for a valid
 * connection every {@link #PROBE_EVERY} until it gets one, which marks the database up again. Marking
 * it down also evicts the pool's idle connections, which a restarted server has closed.
 *
 * <p>A request that raced the mark (it had its connection already) fails on its own; a failure of
 * any other kind (a constraint, a bad value) never marks the database down.
 */
final class Reachability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);
  static final Duration PROBE_EVERY = Duration.ofMillis(250);
  /** SQLState of the exception thrown while the database is marked down: "unable to connect". */
  static final String UNREACHABLE = "08001";

  private final DataSource dataSource;
  private final Runnable evictIdle;
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile boolean closed;
  private volatile String cause = "";

  Reachability(DataSource dataSource, Runnable evictIdle) {
    this.dataSource = dataSource;
    this.evictIdle = evictIdle;
  }

  /** Throws at once while the database is marked down. */
  void check() throws SQLTransientConnectionException {
    if (down.get()) {
      throw new SQLTransientConnectionException("the database is unreachable (" + cause + ")", UNREACHABLE);
    }
  }

  boolean up() {
    return !down.get();
  }

  /** Marks the database down when {@code e} says it is unreachable; returns {@code e}. */
  SQLException failed(SQLException e) {
    if (JdbcStoreException.unreachable(e) && !closed && down.compareAndSet(false, true)) {
      cause = e.getMessage() + " [SQLState " + e.getSQLState() + "]";
      LOG.warn("the database is unreachable; requests that need it answer 503 until it is back: {}", cause);
      evictIdle.run();
      Thread.ofPlatform().daemon().name("jeton-db-probe").start(this::probe);
    }
    return e;
  }

  private void probe() {
    long since = System.nanoTime();
    while (!closed) {
      try {
        Thread.sleep(PROBE_EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      try (Connection c = dataSource.getConnection()) {
        if (c.isValid(2)) {
          down.set(false);
          LOG.info("the database is reachable again after {} ms", (System.nanoTime() - since) / 1_000_000);
          return;
        }
      } catch (SQLException | RuntimeException e) {
        // still away: try again
      }
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
