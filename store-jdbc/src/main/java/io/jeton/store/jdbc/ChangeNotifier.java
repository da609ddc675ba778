package io.jeton.store.jdbc;

import io.jeton.core.change.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this node's change notices: {@code pg_notify('jeton_changes', payload)} from one thread on
 * one connection of its own, after the writes have committed, never inside their transactions
 * (docs/decisions.md: a NOTIFY takes PostgreSQL's global notification lock at commit, so NOTIFY
 * inside each revocation would serialise every node's revocation commits).
 *
 * <p>Coalescing: the thread takes the first queued change, waits {@link #COALESCE} for more, and
 * sends what it gathered, without repeats, as one notice ({@link ChangeNotices}); a thousand
 * revocations in those milliseconds are one {@code rev}, and queue one entry (a flag says one is
 * queued), so a node sends at most about a hundred notices a second whatever its write rate. The session runs with {@code
 * synchronous_commit = off}: a notice is a hint, and one lost in a crash is covered by the
 * receivers' poll, so it need not wait for a WAL flush. When the database is away, or the queue is
 * full ({@link #QUEUE}), notices are dropped, the next one sent is {@code all}, and the failure is
 * logged once until a send works again.
 */
final class ChangeNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);
  static final String APPLICATION_NAME = "jeton-notifier";
  static final Duration COALESCE = Duration.ofMillis(10);
  static final int QUEUE = 100_000;

  private final PgConnections connections;
  private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>(QUEUE);
  private final Object startLock = new Object();
  private volatile Thread thread;
  private volatile boolean running = true;
  /** A revocation is queued and not yet taken into a batch. */
  private final AtomicBoolean revocationQueued = new AtomicBoolean();
  /** Notices were dropped: the next send says {@code all}. */
  private volatile boolean dropped;
  /** The backend process id of this notifier's connection, 0 when none: the listener skips its own notices. */
  private volatile int backendPid;
  private Connection connection;
  private boolean failing;

  ChangeNotifier(PgConnections connections) {
    this.connections = connections;
  }

  /**
   * Queues the change; never blocks, never throws. A revocation while one is already queued costs
   * one volatile read: under a revocation load the queue, and the sender thread, are woken once
   * per batch, not once per revocation.
   */
  void publish(Change change) {
    if (!running) {
      return;
    }
    if (change instanceof Change.Revocation) {
      if (revocationQueued.get() || !revocationQueued.compareAndSet(false, true)) {
        return;
      }
    }
    if (!queue.offer(change)) {
      dropped = true;
      if (change instanceof Change.Revocation) {
        revocationQueued.set(false);
      }
    }
    if (thread == null) {
      startOnce();
    }
  }

  int backendPid() {
    return backendPid;
  }

  private void startOnce() {
    synchronized (startLock) {
      if (thread == null && running) {
        thread = Thread.ofPlatform().daemon().name("jeton-change-notifier").start(this::run);
      }
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      Set<Change> batch = new LinkedHashSet<>();
      try {
        Change first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long until = System.nanoTime() + COALESCE.toNanos();
        for (long left = COALESCE.toNanos(); left > 0 && running; left = until - System.nanoTime()) {
          Change next = queue.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        if (!running) {
          // closing: send what is queued, then stop
          Thread.interrupted();
        }
      }
      queue.drainTo(batch);
      if (batch.contains(Change.REVOCATION)) {
        // cleared before the send: a revocation committed from now on is in the next batch
        revocationQueued.set(false);
      }
      if (!batch.isEmpty()) {
        send(batch);
      }
    }
    closeConnection();
  }

  private void send(Set<Change> batch) {
    boolean all = dropped;
    dropped = false;
    String payload = all ? ChangeNotices.EVERYTHING : ChangeNotices.encode(batch);
    try {
      if (connection == null) {
        connection = connections.open(APPLICATION_NAME);
        try (Statement s = connection.createStatement()) {
          s.execute("SET synchronous_commit = off");
          try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            backendPid = rs.getInt(1);
          }
        }
      }
      try (PreparedStatement ps = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
        ps.setString(1, ChangeNotices.CHANNEL);
        ps.setString(2, payload);
        ps.execute();
      }
      if (failing) {
        failing = false;
        LOG.info("change notices are sent again");
      }
    } catch (SQLException | RuntimeException e) {
      dropped = true;
      closeConnection();
      if (!failing) {
        failing = true;
        LOG.warn("cannot send change notices (other nodes catch up by polling): {}", e.toString());
      }
    }
  }

  private void closeConnection() {
    backendPid = 0;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a broken connection: nothing to release
      }
      connection = null;
    }
  }

  /** Sends what is queued (waiting up to two seconds), then stops. */
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
    t.interrupt();
    try {
      t.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
