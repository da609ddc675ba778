package io.jeton.store.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees and compacts dead space in an embedded H2 file, once a second.
 *
 * <p>Why this exists: {@code WRITE_DELAY=0} makes H2 write each commit to the file before the commit
 * returns, which is what makes an acknowledged write survive a crash; but H2 then starts no background
 * writer thread, and that thread is the only caller of the store's housekeeping (dropping chunks that
 * hold no live page any more, rewriting sparse ones). Without it every commit leaves its ~30 KB chunk
 * in the file: a measured 700 MB after 20,000 refresh transactions. This class runs H2's own background
 * step, {@code FileStore.writeInBackground}: with no commit delay its commit part has nothing left to
 * write; it runs the housekeeping and then records the file's operation count, which is how H2 tells an
 * idle store (compacted harder) from a busy one. Measured: 3 MB after 30 s at 50 commits a second,
 * 17 MB at 200 a second, shrinking once the load stops. It does not keep up with thousands of commits a
 * second (about 1 GB after 40 s at full speed on 2 cores); sustained loads like that belong on
 * PostgreSQL. Running the step more often was tried and compacted no better. That method is not
 * public API, hence the reflection; {@code H2FileSizeTest} catches an H2 upgrade that breaks it.
 */
final class H2Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
  static final long PERIOD_MILLIS = 1000;

  private final MVStore store;
  private final Method writeInBackground;
  private final ScheduledExecutorService timer;
  private volatile boolean warned;

  private H2Housekeeping(MVStore store, Method writeInBackground) {
    this.store = store;
    this.writeInBackground = writeInBackground;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name("jeton-h2-housekeeping").unstarted(r));
    timer.scheduleWithFixedDelay(this::run, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Starts housekeeping for the file database behind {@code dataSource}; does nothing for an in-memory one. */
  static AutoCloseable start(DataSource dataSource) {
    MVStore store;
    try (Connection c = dataSource.getConnection()) {
      SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
      store = session.getDatabase().getStore().getMvStore();
    } catch (SQLException | ClassCastException e) {
      LOG.warn("H2 housekeeping is off, the database file will grow: {}", e.toString());
      return () -> { };
    }
    if (store.getFileStore() == null) {
      return () -> { };
    }
    try {
      Method m = FileStore.class.getDeclaredMethod("writeInBackground");
      m.setAccessible(true);
      return new H2Housekeeping(store, m);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("H2 housekeeping is off, the database file will grow: {}", e.toString());
      return () -> { };
    }
  }

  private void run() {
    if (store.isClosed() || store.getFileStore() == null) {
      return;
    }
    try {
      writeInBackground.invoke(store.getFileStore());
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (!store.isClosed() && !warned) {
        warned = true;
        LOG.warn("H2 housekeeping failed (logged once): {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
