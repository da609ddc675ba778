package io.jeton.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the heap a start grew (issue 11, idle RSS). A start makes garbage that outlives the
 * young generation: the realm import, the Argon2 hashes of imported users (7 MiB each at the default), Flyway,
 * the loading of the native signature provider. With the launcher's serial collector it ends up in
 * the old generation, which a quiet node never collects, so the node would keep about 40 MiB of
 * dead heap resident for good. One full collection once that work is over (about 20 MiB live,
 * tens of milliseconds) compacts the heap, and {@code -XX:-ShrinkHeapInSteps
 * -XX:MaxHeapFreeRatio=30} (bin/jeton) let it return the rest to the system at once. {@code bin/jeton
 * serve} calls it; tests and embedders that start a node in their own JVM do not.
 */
public final class HeapSettle {
  private static final Logger LOG = LoggerFactory.getLogger(HeapSettle.class);

  private HeapSettle() {}

  /**
   * On a daemon thread: waits for {@code startOver} to return, then runs {@code collect} once.
   * A failure is logged, never thrown: the node serves either way.
   */
  public static Thread afterStart(Runnable startOver, Runnable collect) {
    Thread t = Thread.ofPlatform().daemon().name("jeton-heap-settle").unstarted(() -> {
      try {
        startOver.run();
        long t0 = System.nanoTime();
        collect.run();
        LOG.debug("heap settled after the start in {} ms", (System.nanoTime() - t0) / 1_000_000);
      } catch (RuntimeException e) {
        LOG.debug("heap not settled after the start", e);
      }
    });
    t.start();
    return t;
  }
}
