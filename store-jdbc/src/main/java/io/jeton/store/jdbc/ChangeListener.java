package io.jeton.store.jdbc;

import io.jeton.core.change.Change;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives other nodes' change notices: {@code LISTEN jeton_changes} on one connection of its own
 * (not the pool's), read by {@link PGConnection#getNotifications(int)} on one thread. Every
 * notice waiting is read at once and their changes delivered without repeats, the revocation
 * first; this node's own notices (sent by its {@link ChangeNotifier}, known by backend process id)
 * are skipped. After each (re)connection {@link Change#EVERYTHING} is delivered, since notices sent
 * while it was not listening are lost. An idle connection is checked every {@link #CHECK}; a
 * broken one is reopened with a backoff from {@link #BACKOFF_MIN} doubling to {@link
 * #BACKOFF_MAX}.
 */
final class ChangeListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
  static final String APPLICATION_NAME = "jeton-listener";
  static final int WAIT_MILLIS = 500;
  static final Duration CHECK = Duration.ofSeconds(10);
  static final Duration BACKOFF_MIN = Duration.ofMillis(100);
  static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

  private final PgConnections connections;
  private final IntSupplier ownPid;
  private final List<Consumer<Change>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Object startLock = new Object();
  private Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;

  /** @param ownPid the backend process id of this node's notifier: notices it sent are skipped */
  ChangeListener(PgConnections connections, IntSupplier ownPid) {
    this.connections = connections;
    this.ownPid = ownPid;
  }

  void subscribe(Consumer<Change> listener) {
    listeners.add(listener);
    synchronized (startLock) {
      if (thread == null && running) {
        thread = Thread.ofPlatform().daemon().name("jeton-change-listener").start(this::run);
      }
    }
  }

  private void run() {
    long backoff = BACKOFF_MIN.toMillis();
    boolean failing = false;
    while (running) {
      try (Connection c = connections.open(APPLICATION_NAME); Statement s = c.createStatement()) {
        connection = c;
        s.execute("LISTEN " + ChangeNotices.CHANNEL);
        PGConnection pg = c.unwrap(PGConnection.class);
        if (failing) {
          LOG.info("listening for change notices again; catching up");
          failing = false;
        }
        backoff = BACKOFF_MIN.toMillis();
        deliver(Set.of(Change.EVERYTHING));
        long lastTraffic = System.nanoTime();
        while (running) {
          PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
          if (received != null && received.length > 0) {
            lastTraffic = System.nanoTime();
            deliver(changes(received));
          } else if (System.nanoTime() - lastTraffic > CHECK.toNanos()) {
            s.execute("SELECT 1");
            lastTraffic = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        if (!failing) {
          failing = true;
          LOG.warn("not listening for change notices (polling still brings changes in): {}", e.toString());
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          break;
        }
        backoff = Math.min(backoff * 2, BACKOFF_MAX.toMillis());
      } finally {
        connection = null;
      }
    }
  }

  private Set<Change> changes(PGNotification[] received) {
    int own = ownPid.getAsInt();
    Set<Change> out = new LinkedHashSet<>();
    for (PGNotification n : received) {
      if (own != 0 && n.getPID() == own) {
        continue;
      }
      Set<Change> named = ChangeNotices.decode(n.getParameter());
      if (named.contains(Change.EVERYTHING)) {
        return Set.of(Change.EVERYTHING);
      }
      out.addAll(named);
    }
    return out;
  }

  /** Delivers the revocation first (the 1 s deadline), then the rest; a failing listener is logged. */
  private void deliver(Set<Change> changes) {
    List<Change> ordered = new ArrayList<>(changes.size());
    if (changes.contains(Change.REVOCATION)) {
      ordered.add(Change.REVOCATION);
    }
    for (Change c : changes) {
      if (!(c instanceof Change.Revocation)) {
        ordered.add(c);
      }
    }
    for (Change c : ordered) {
      for (Consumer<Change> l : listeners) {
        try {
          l.accept(c);
        } catch (RuntimeException e) {
          LOG.warn("applying the change notice {} failed (the poll will catch up): {}", c, e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (startLock) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    t.interrupt();
    try {
      t.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
