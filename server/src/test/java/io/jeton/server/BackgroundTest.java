package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundTest {
  /**
   * Review H5: the poll ran through a ScheduledExecutorService that cancels a task for good once
   * it throws, and only RuntimeException was caught; one OutOfMemoryError stopped propagation.
   */
  @Test
  void every_taskThrowsErrors_keepsBeingRun() throws InterruptedException {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ranAfterErrors = new CountDownLatch(1);
    try (Background b = new Background(InstantSource.system(), Duration.ofSeconds(5))) {
      b.every("test task", Duration.ofMillis(10), () -> {
        int n = runs.incrementAndGet();
        if (n == 1) {
          throw new OutOfMemoryError("test: out of memory");
        }
        if (n == 2) {
          throw new StackOverflowError("test: stack overflow");
        }
        ranAfterErrors.countDown();
      });

      assertThat(ranAfterErrors.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void revocationsFresh_noSuccessfulPollForLongerThanTheBound_isFalseUntilTheNextOne() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    try (Background b = new Background(now::get, Duration.ofSeconds(5))) {
      assertThat(b.revocationsFresh()).isTrue();
      now.set(now.get().plusSeconds(5));
      assertThat(b.revocationsFresh()).isTrue();
      now.set(now.get().plusMillis(1));
      assertThat(b.revocationsFresh()).isFalse();
      assertThat(b.revocationAge()).isEqualTo(Duration.ofMillis(5001));

      b.polled();

      assertThat(b.revocationsFresh()).isTrue();
    }
  }

  /** SPEC 10: a node that has not loaded other nodes' keys for three reload intervals is not ready. */
  @Test
  void keysFresh_threeKeyReloadsMissed_isNotReadyUntilTheNextOne() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    try (Background b = new Background(now::get, Duration.ofSeconds(60), Duration.ofSeconds(5))) {
      now.set(now.get().plusSeconds(15));
      b.polled();
      assertThat(b.fresh()).isTrue();
      now.set(now.get().plusMillis(1));
      b.polled();
      assertThat(b.keysFresh()).isFalse();
      assertThat(b.revocationsFresh()).isTrue();
      assertThat(b.fresh()).isFalse();

      b.keysReloaded();

      assertThat(b.fresh()).isTrue();
    }
  }
}
