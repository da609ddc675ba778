package io.jeton.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events. Security events that must not be lost with a crash ({@link #recordNow})
 * are written before the request is answered; routine ones ({@link #record}) go through a bounded
 * queue that one background thread drains in batches, so that a login or a refresh does not pay
 * an extra database round trip.
 *
 * <p>Nothing is lost silently: an event that finds the queue full, or whose batch the store
 * refuses, is counted in {@link #dropped()} (shown in {@code /metrics}) and logged, at most once
 * every {@link #LOG_EVERY_NANOS} with the count since the last line. The writer survives any
 * {@link Throwable} of the store (review H5: an {@code Error} must not stop it for good).
 *
 * <p>Every event is also counted by type as it is recorded ({@link #recorded}), stored or not:
 * {@code /metrics} reads these counts (refreshes, reuse detections, revocations, login failures,
 * lockouts), so that counting costs a request one {@link LongAdder} increment and no lookup.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  static final int QUEUE = 65536;
  static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  /**
   * Shortest time between the starts of two batches. Under load, events of 10 ms share one
   * transaction (1,600 refreshes a second: about 16 a batch instead of one) instead of each paying
   * a commit of its own; an event of a quiet moment is written at once.
   */
  static final long BATCH_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final AuditStore store;
  private final BlockingQueue<AuditEvent> queue;
  private final Thread writer;
  private volatile boolean running = true;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedLogged = new AtomicLong();
  private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
  private final LongAdder[] recorded = new LongAdder[AuditType.values().length];

  public AuditLog(AuditStore store) {
    this(store, QUEUE);
  }

  /** With a queue of {@code capacity} events (tests use a small one). */
  AuditLog(AuditStore store, int capacity) {
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(capacity);
    for (int i = 0; i < recorded.length; i++) {
      recorded[i] = new LongAdder();
    }
    this.writer = Thread.ofPlatform().daemon().name("jeton-audit").start(this::drain);
  }

  /** Queues a routine event; when the queue is full it is dropped, counted and logged. */
  public void record(AuditEvent event) {
    recorded[event.type().ordinal()].increment();
    pending.incrementAndGet();
    if (!queue.offer(event)) {
      pending.decrementAndGet();
      lost(1, "the audit queue is full");
    }
  }

  /** Writes a security event now; returns once it is stored. */
  public void recordNow(AuditEvent event) {
    recorded[event.type().ordinal()].increment();
    store.append(event);
  }

  /** How many events of {@code type} were recorded since start, whether or not they were stored. */
  public long recorded(AuditType type) {
    return recorded[type.ordinal()].sum();
  }

  /** How many routine events were not stored (queue full, or their batch failed) since start. */
  public long dropped() {
    return dropped.get();
  }

  /** Waits until every queued event so far has been written, or given up on (tests, shutdown). */
  public void flush() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void drain() {
    List<AuditEvent> batch = new ArrayList<>();
    long lastBatch = System.nanoTime() - BATCH_GAP_NANOS;
    while (running || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        long wait = lastBatch + BATCH_GAP_NANOS - System.nanoTime();
        if (wait > 0 && running) {
          LockSupport.parkNanos(wait);
        }
        lastBatch = System.nanoTime();
        batch.add(first);
        queue.drainTo(batch, 499);
        store.appendAll(batch);
      } catch (InterruptedException e) {
        running = false;
      } catch (Throwable e) {
        lost(batch.size(), "the store refused a batch: " + e);
      } finally {
        pending.addAndGet(-batch.size());
        batch.clear();
      }
    }
  }

  /** Counts {@code n} lost events and logs, rate-limited, how many were lost since the last line. */
  private void lost(int n, String why) {
    long total = dropped.addAndGet(n);
    long last = lastDropLog.get();
    long now = System.nanoTime();
    if (now - last >= LOG_EVERY_NANOS && lastDropLog.compareAndSet(last, now)) {
      long since = total - droppedLogged.getAndSet(total);
      LOG.error("{} audit events were not stored ({} since start): {}", since, total, why);
    }
  }

  @Override
  public void close() {
    flush();
    running = false;
    writer.interrupt();
  }
}
