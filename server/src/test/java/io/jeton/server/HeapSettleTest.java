package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 11 (idle RSS): the heap a start grew is given back by one collection once the start is over. */
class HeapSettleTest {
  @Test
  void afterStart_collectsOnce_onlyWhenTheStartsLastWorkHasEnded() throws Exception {
    CountDownLatch startOver = new CountDownLatch(1);
    CountDownLatch collected = new CountDownLatch(1);
    AtomicInteger collections = new AtomicInteger();

    Thread settle = HeapSettle.afterStart(() -> awaitQuietly(startOver), () -> {
      collections.incrementAndGet();
      collected.countDown();
    });

    assertThat(collected.await(200, TimeUnit.MILLISECONDS)).as("no collection while the start still works").isFalse();
    startOver.countDown();
    assertThat(collected.await(10, TimeUnit.SECONDS)).isTrue();
    settle.join(10_000);
    assertThat(settle.isAlive()).isFalse();
    assertThat(collections.get()).isEqualTo(1);
    assertThat(settle.isDaemon()).as("never keeps the JVM from exiting").isTrue();
  }

  @Test
  void afterStart_whenTheCollectionFails_theThreadEndsQuietly() throws Exception {
    Thread settle = HeapSettle.afterStart(() -> { }, () -> {
      throw new IllegalStateException("boom");
    });
    settle.join(10_000);
    assertThat(settle.isAlive()).isFalse();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
