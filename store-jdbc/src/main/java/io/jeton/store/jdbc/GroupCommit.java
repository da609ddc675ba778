package io.jeton.store.jdbc;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the single-statement writes of concurrent requests (a refresh rotation on
 * PostgreSQL, an access token's revocation on H2 and PostgreSQL) share one transaction, and so one
 * commit (a WAL flush on PostgreSQL, an MVStore chunk write on H2), instead of one each. Every caller
 * still returns only once the transaction holding its statement has committed, with its own update
 * count: durability is unchanged ({@code synchronous_commit} on, H2's {@code WRITE_DELAY=0}), only the
 * commits are fewer.
 *
 * <p>A caller queues its statement and waits; each of {@link #FLUSHERS} threads takes whatever is
 * queued (at most {@link #MAX_BATCH}), runs it as one JDBC batch (one round trip) in one transaction
 * and commits. No request waits for a timer: a statement queued while the database is idle runs at
 * once, alone, and batches grow only while commits are in flight, which is when they save something.
 *
 * <p>Each batch runs its statements in the order of their keys (for a rotation the token's realm and
 * hash), so two batches on two nodes take their row locks in the same order and cannot deadlock each
 * other. Two rotations of one token in one batch behave as on two connections: the first marks the
 * token used, the second then finds it used and changes nothing; likewise two revocations of one
 * token: the first inserts its entry, the second finds it and inserts nothing. If the batch fails for any reason
 * other than a lost database (a deadlock with another writer, a constraint), it is rolled back and its
 * statements run again one by one in their own transactions, so one bad statement fails only its own
 * caller. While the database is away every caller gets the failure at once, as without batching.
 *
 * <p>Bounded: the queue holds at most {@link #QUEUE} statements; a caller that finds it full runs its
 * statement itself.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
  static final int FLUSHERS = 2;
  static final int MAX_BATCH = 64;
  static final int QUEUE = 4096;

  /** One queued statement; {@code key} orders it within a batch. */
  private record Entry(String sql, String key, Object[] params, CompletableFuture<Integer> done) {}

  private static final Comparator<Entry> LOCK_ORDER =
      Comparator.comparing(Entry::sql).thenComparing(Entry::key);

  private final Database db;
  private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
  private final List<Thread> flushers = new ArrayList<>();
  private final LongAdder commits = new LongAdder();
  private volatile boolean started;
  private volatile boolean closed;

  /** Its threads start on first use: a store that never writes through it has none. */
  GroupCommit(Database db) {
    this.db = db;
  }

  /**
   * Executes {@code sql} with {@code params} in a transaction shared with other callers' statements;
   * returns its update count once that transaction has committed.
   *
   * @param key orders the statement among the others of its batch (the row it locks)
   * @throws JdbcStoreException as {@link Database#update} does
   */
  int update(String sql, String key, Object... params) {
    Entry entry = new Entry(sql, key, params, new CompletableFuture<>());
    if (!started) {
      start();
    }
    if (closed || !queue.offer(entry)) {
      return db.update(sql, params);
    }
    while (true) {
      try {
        return entry.done().get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // queued just as close() stopped the flushers: nobody else will run it
        if (closed && queue.remove(entry)) {
          return db.update(sql, params);
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        // the statement may commit whatever this thread does: its caller must learn the outcome
        Thread.currentThread().interrupt();
        try {
          return entry.done().join();
        } catch (CompletionException c) {
          throw c.getCause() instanceof RuntimeException r ? r : c;
        }
      }
    }
  }

  private synchronized void start() {
    if (!started && !closed) {
      for (int i = 0; i < FLUSHERS; i++) {
        flushers.add(Thread.ofPlatform().daemon().name("jeton-group-commit-" + i).start(this::run));
      }
      started = true;
    }
  }

  private void run() {
    List<Entry> batch = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        flush(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // never leave a caller waiting, whatever went wrong
        for (Entry entry : batch) {
          entry.done().completeExceptionally(e);
        }
        LOG.error("group commit: a batch of {} failed unexpectedly", batch.size(), e);
      } finally {
        batch.clear();
      }
    }
  }

  private void flush(List<Entry> batch) {
    if (batch.size() == 1) {
      alone(batch.getFirst());
      return;
    }
    batch.sort(LOCK_ORDER);
    int[] counts;
    try {
      counts = db.inTransaction(c -> {
        int[] out = new int[batch.size()];
        int from = 0;
        while (from < batch.size()) {
          String sql = batch.get(from).sql();
          int to = from;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (; to < batch.size() && batch.get(to).sql().equals(sql); to++) {
              Database.bind(ps, batch.get(to).params());
              ps.addBatch();
            }
            int[] part = ps.executeBatch();
            System.arraycopy(part, 0, out, from, part.length);
          }
          from = to;
        }
        return out;
      });
    } catch (JdbcStoreException e) {
      if (e.unavailable()) {
        for (Entry entry : batch) {
          entry.done().completeExceptionally(e);
        }
        return;
      }
      LOG.debug("group commit: a batch of {} failed ({}); running its statements one by one", batch.size(),
          e.sqlState());
      for (Entry entry : batch) {
        alone(entry);
      }
      return;
    }
    commits.increment();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done().complete(counts[i]);
    }
  }

  private void alone(Entry entry) {
    try {
      int count = db.update(entry.sql(), entry.params());
      commits.increment();
      entry.done().complete(count);
    } catch (RuntimeException e) {
      entry.done().completeExceptionally(e);
    }
  }

  /** Transactions the flushers committed, batches and lone statements: for tests. */
  long commits() {
    return commits.sum();
  }

  /** Statements waiting for a flusher: for tests. */
  int queued() {
    return queue.size();
  }

  /** Runs what is queued, then stops the flushers; later callers run their statements themselves. */
  @Override
  public void close() {
    List<Thread> running;
    synchronized (this) {
      closed = true;
      running = List.copyOf(flushers);
    }
    for (Thread t : running) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
