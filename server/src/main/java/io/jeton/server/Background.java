package io.jeton.server;

import io.jeton.core.Engine;
import io.jeton.core.lifecycle.Janitor;
import io.jeton.core.lifecycle.Purged;
import io.jeton.server.config.ServerConfig;
import io.jeton.store.jdbc.JdbcStoreException;
import io.jeton.store.jdbc.JdbcStores;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's periodic work: the revocation poll (every {@code revocationPollMs}), the signing-key
 * reload (every {@code keys.reloadSeconds}: keys other nodes made, retired or deleted, SPEC 10) and
 * the purge job, which also rotates keys (every {@code purge.intervalSeconds}, {@link Janitor}). Each task survives any {@link Throwable}
 * (review H5: a {@code ScheduledExecutorService} cancels a task for good once it throws, so one
 * {@code OutOfMemoryError} used to stop revocation propagation on that node for ever); a failing
 * task is logged on its first failure, then at most once a minute with a count, and once more when
 * it recovers. The time of the last successful poll makes {@link #revocationsFresh} false once it
 * is older than {@code revocationMaxStalenessMs}, and {@code /health/ready} then answers 503.
 */
final class Background implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Background.class);
  static final Duration LOG_EVERY = Duration.ofMinutes(1);
  /**
   * How soon a task that failed for want of the database runs again, if its period is longer: the
   * key reload (every 5 s) and the purge (every minute) must not keep a node unready, or its
   * background work stopped, for a whole period after the database is back (SPEC 10: recovery
   * within 5 s).
   */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMillis(500);
  /** How many key reloads in a row may fail before the node reports itself not ready. */
  static final int KEY_RELOADS_MISSED = 3;

  private final ScheduledExecutorService executor;
  private final InstantSource clock;
  private final Duration maxStaleness;
  private final Duration maxKeyStaleness;
  private volatile Instant lastPoll;
  private volatile Instant lastKeyReload;

  Background(InstantSource clock, Duration maxStaleness) {
    this(clock, maxStaleness, ServerConfig.Lifecycle.DEFAULT_KEY_RELOAD);
  }

  /**
   * @param keyReload the key reload interval: a node whose last successful key reload is older than
   *     {@link #KEY_RELOADS_MISSED} of them is not ready (it may lack a key another node will sign with)
   */
  Background(InstantSource clock, Duration maxStaleness, Duration keyReload) {
    this.clock = clock;
    this.maxStaleness = maxStaleness;
    this.maxKeyStaleness = keyReload.multipliedBy(KEY_RELOADS_MISSED);
    this.lastPoll = clock.instant();
    this.lastKeyReload = lastPoll;
    // two threads: a long purge round must not hold back the revocation poll and the key reload
    this.executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "jeton-background");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the node's tasks: the revocation poll, the key reload and the purge job. */
  static Background start(Engine engine, JdbcStores db, ServerConfig config, Metrics metrics, InstantSource clock) {
    ServerConfig.Lifecycle l = config.lifecycle();
    Background b = new Background(clock, l.revocationMaxStaleness(), l.keyReload());
    b.every("revocation poll", config.revocationPoll(), () -> {
      engine.pollRevocations();
      b.polled();
    });
    b.every("key reload", l.keyReload(), () -> {
      engine.reloadKeys();
      b.keysReloaded();
    });
    Janitor janitor = engine.janitor(db.purgeLock(), l.auditRetention(), l.purgeBatchSize());
    b.every("purge", l.purgeInterval(), () -> janitor.run().ifPresent(logged(metrics::purged)));
    return b;
  }

  private static Consumer<Purged> logged(Consumer<Purged> then) {
    return p -> {
      if (p.total() > 0) {
        LOG.info("purged {} sessions, {} refresh tokens, {} revocations, {} audit events, {} signing keys",
            p.sessions(), p.refreshTokens(), p.revocations(), p.auditEvents(), p.signingKeys());
      }
      if (p.keyRotations() > 0) {
        LOG.info("rotated the signing keys of {} realms", p.keyRotations());
      }
      then.accept(p);
    };
  }

  /**
   * Runs {@code task} every {@code period} (after a first wait of one period), whatever it throws;
   * after a failure because the database was unavailable, again {@link #RETRY_AFTER_FAILURE} later
   * when the period is longer.
   */
  void every(String name, Duration period, Runnable task) {
    long ms = Math.max(10, period.toMillis());
    long tick = Math.min(ms, RETRY_AFTER_FAILURE.toMillis());
    executor.scheduleWithFixedDelay(new Guarded(name, task, TimeUnit.MILLISECONDS.toNanos(ms)), ms, tick,
        TimeUnit.MILLISECONDS);
  }

  /** Records a successful revocation poll. */
  void polled() {
    lastPoll = clock.instant();
  }

  /** Records a successful key reload. */
  void keysReloaded() {
    lastKeyReload = clock.instant();
  }

  /**
   * Whether this node's views are fresh enough to serve: the last revocation poll at most {@code
   * revocationMaxStalenessMs} old and the last key reload at most {@link #KEY_RELOADS_MISSED}
   * intervals old ({@code /health/ready}).
   */
  boolean fresh() {
    return revocationsFresh() && keysFresh();
  }

  /** Whether the last successful key reload is at most {@link #KEY_RELOADS_MISSED} reload intervals old. */
  boolean keysFresh() {
    return Duration.between(lastKeyReload, clock.instant()).compareTo(maxKeyStaleness) <= 0;
  }

  /** Whether the last successful revocation poll is at most {@code revocationMaxStalenessMs} old. */
  boolean revocationsFresh() {
    return revocationAge().compareTo(maxStaleness) <= 0;
  }

  /** The time since the last successful revocation poll (or since start). */
  Duration revocationAge() {
    return Duration.between(lastPoll, clock.instant());
  }

  /**
   * A task that catches everything it throws, so that the executor keeps scheduling it. The executor
   * calls it every tick; it runs its task once a period has passed since its last run, or on the next
   * tick when the last run failed because the database was unavailable (so that it resumes as soon as
   * the database is back; a failure of any other kind waits its period, lest a bug run it in a loop).
   */
  private final class Guarded implements Runnable {
    private final String name;
    private final Runnable task;
    private final long periodNanos;
    private long failures;
    private long lastRun = System.nanoTime();
    private boolean retrySoon;
    private Instant lastLog = Instant.MIN;

    Guarded(String name, Runnable task, long periodNanos) {
      this.name = name;
      this.task = task;
      this.periodNanos = periodNanos;
    }

    @Override
    public void run() {
      if (!retrySoon && System.nanoTime() - lastRun < periodNanos - TimeUnit.MILLISECONDS.toNanos(5)) {
        return;
      }
      lastRun = System.nanoTime();
      try {
        task.run();
        retrySoon = false;
        if (failures > 0) {
          LOG.info("{} works again after {} failures", name, failures);
          failures = 0;
          lastLog = Instant.MIN;
        }
      } catch (Throwable e) {
        failures++;
        retrySoon = JdbcStoreException.unavailable(e);
        Instant now = clock.instant();
        if (failures == 1 || Duration.between(lastLog, now).compareTo(LOG_EVERY) >= 0) {
          lastLog = now;
          LOG.error("{} failed ({} times in a row): {}", name, failures, e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
