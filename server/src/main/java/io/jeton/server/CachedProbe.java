package io.jeton.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A health probe that an unauthenticated caller cannot turn into a database hammer (review M8):
 * its answer is reused for {@code ttl}, and at most one probe runs at a time; callers that arrive
 * while one runs get the last answer at once (false before the first one ended).
 */
final class CachedProbe implements BooleanSupplier {
  private final BooleanSupplier probe;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean last;
  private volatile long checkedAt;
  private volatile boolean checked;

  CachedProbe(BooleanSupplier probe, Duration ttl, LongSupplier nanoTime) {
    this.probe = probe;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public boolean getAsBoolean() {
    if (checked && nanoTime.getAsLong() - checkedAt < ttlNanos) {
      return last;
    }
    if (!running.compareAndSet(false, true)) {
      return last;
    }
    try {
      last = probe.getAsBoolean();
      checkedAt = nanoTime.getAsLong();
      checked = true;
      return last;
    } finally {
      running.set(false);
    }
  }
}
