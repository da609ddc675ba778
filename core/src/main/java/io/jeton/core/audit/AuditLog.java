package io.jeton.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events. Security events that must not be lost with a crash ({@link #recordNow})
 * are written before the request is answered; routine ones ({@link #record}) go through a bounded
 * queue that one background thread drains in batches, so that a login or a refresh does not pay
 * an extra database round trip. When the queue is full, routine events are dropped and counted.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final AuditStore store;
  private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(65536);
  private final Thread writer;
  private volatile boolean running = true;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  public AuditLog(AuditStore store) {
    this.store = store;
    this.writer = Thread.ofPlatform().daemon().name("jeton-audit").start(this::drain);
  }

  /** Queues a routine event. */
  public void record(AuditEvent event) {
    pending.incrementAndGet();
    if (!queue.offer(event)) {
      pending.decrementAndGet();
      dropped.incrementAndGet();
    }
  }

  /** Writes a security event now; returns once it is stored. */
  public void recordNow(AuditEvent event) {
    store.append(event);
  }

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
    while (running || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 499);
        store.appendAll(batch);
      } catch (InterruptedException e) {
        running = false;
      } catch (RuntimeException e) {
        LOG.warn("could not write {} audit events: {}", batch.size(), e.toString());
      } finally {
        pending.addAndGet(-batch.size());
        batch.clear();
      }
    }
  }

  @Override
  public void close() {
    flush();
    running = false;
    writer.interrupt();
  }
}
