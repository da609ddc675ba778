package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Review M8: unauthenticated {@code GET /health/ready} floods must not become database pings. */
class CachedProbeTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger pings = new AtomicInteger();

  @Test
  void readyFlood_withinOneSecond_pingsTheDatabaseOnce() {
    CachedProbe probe = new CachedProbe(() -> pings.incrementAndGet() > 0, Duration.ofSeconds(1), nanos::get);

    for (int i = 0; i < 10_000; i++) {
      assertThat(probe.getAsBoolean()).isTrue();
      nanos.addAndGet(50_000);
    }
    assertThat(pings.get()).as("10 000 calls over 0.5 s").isEqualTo(1);

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(probe.getAsBoolean()).isTrue();
    assertThat(pings.get()).as("a fresh answer once the last one is a second old").isEqualTo(2);
  }

  @Test
  void readyFlood_whileAPingHangs_runsOnePingAndAnswersTheOthersAtOnce() throws Exception {
    CountDownLatch inPing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CachedProbe probe = new CachedProbe(() -> {
      pings.incrementAndGet();
      inPing.countDown();
      try {
        return release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, Duration.ofSeconds(1), nanos::get);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    Future<Boolean> first = threads.submit(probe::getAsBoolean);
    assertThat(inPing.await(10, TimeUnit.SECONDS)).isTrue();

    List<Future<Boolean>> others = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      others.add(threads.submit(probe::getAsBoolean));
    }
    for (Future<Boolean> f : others) {
      assertThat(f.get(10, TimeUnit.SECONDS)).as("no answer yet: not ready").isFalse();
    }
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pings.get()).isEqualTo(1);
    assertThat(probe.getAsBoolean()).isTrue();
    threads.shutdown();
  }

  @Test
  void failingDatabase_isReportedWithinTheInterval() {
    AtomicInteger up = new AtomicInteger(1);
    CachedProbe probe = new CachedProbe(() -> up.get() == 1, Duration.ofSeconds(1), nanos::get);
    assertThat(probe.getAsBoolean()).isTrue();
    up.set(0);
    nanos.addAndGet(Duration.ofMillis(1001).toNanos());
    assertThat(probe.getAsBoolean()).isFalse();
  }
}
