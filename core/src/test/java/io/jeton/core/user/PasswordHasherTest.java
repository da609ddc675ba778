package io.jeton.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private static final PasswordHasher.Params CHEAP = new PasswordHasher.Params(1024, 1, 1);

  @Test
  void hash_isPhcArgon2idAndVerifies() {
    try (PasswordHasher h = new PasswordHasher(CHEAP, 1, 10)) {
      String phc = h.hash("correct horse");
      assertThat(phc).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
      assertThat(h.verify("correct horse", phc)).isTrue();
      assertThat(h.verify("correct horse!", phc)).isFalse();
      assertThat(h.hash("correct horse")).isNotEqualTo(phc);
    }
  }

  @Test
  void verify_malformedHash_isFalseNotAnError() {
    try (PasswordHasher h = new PasswordHasher(CHEAP, 1, 10)) {
      for (String bad : List.of("", "plain", "$argon2i$v=19$m=1,t=1,p=1$a$b", "$argon2id$v=19$m=x$a$b",
          "$argon2id$v=19$m=1024,t=1,p=1$!!$??", "$argon2id$v=19$q=1$AAAA$AAAA")) {
        assertThat(h.verify("pw", bad)).as(bad).isFalse();
      }
    }
  }

  @Test
  void construction_hashesNothing() {
    // memory no heap can hold: a hash at construction would fail it (it delayed every start by one hash)
    PasswordHasher.Params huge = new PasswordHasher.Params(Integer.MAX_VALUE / 2, 1, 1);
    try (PasswordHasher h = new PasswordHasher(huge, 1, 10)) {
      assertThat(h.threads()).isEqualTo(1);
    }
  }

  @Test
  void dummyHash_isShapedLikeARealHashOfTheSameParameters() {
    try (PasswordHasher h = new PasswordHasher(CHEAP, 1, 10)) {
      String real = h.hash("pw");
      String dummy = h.dummyHash();
      assertThat(dummy).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").hasSameSizeAs(real);
      assertThat(dummy.split("\\$")).hasSize(6);
      assertThat(h.verifyDummy("pw")).isFalse();
      assertThat(h.verifications()).isZero();
    }
  }

  @Test
  void verify_usesTheParametersStoredInTheHash() {
    try (PasswordHasher strong = new PasswordHasher(new PasswordHasher.Params(2048, 2, 1), 1, 10);
        PasswordHasher cheap = new PasswordHasher(CHEAP, 1, 10)) {
      String phc = strong.hash("pw");
      assertThat(phc).contains("m=2048,t=2,p=1");
      assertThat(cheap.verify("pw", phc)).isTrue();
      assertThat(cheap.verify("pw", phc.replace("t=2", "t=1"))).isFalse();
    }
  }

  @Test
  void fullQueue_failsFastWithOverloaded() throws Exception {
    try (PasswordHasher h = new PasswordHasher(new PasswordHasher.Params(16384, 3, 1), 1, 1)) {
      var exec = Executors.newVirtualThreadPerTaskExecutor();
      List<CompletableFuture<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            return h.hash("pw");
          } catch (PasswordHasher.Overloaded e) {
            return e;
          }
        }, exec));
      }
      long overloaded = calls.stream().map(CompletableFuture::join).filter(o -> o instanceof PasswordHasher.Overloaded).count();
      assertThat(overloaded).isGreaterThan(0);
      assertThat(h.overloaded()).as("counted for /metrics").isEqualTo(overloaded);
      exec.shutdown();
    }
  }

  /** The gauges of /metrics: one hash running, one waiting, the next turned away and counted. */
  @Test
  void busyPool_queuedRunningAndOverloaded_areReported() throws Exception {
    // one hash of 64 MiB and 24 passes takes seconds: long enough to look at the pool while it runs
    try (PasswordHasher h = new PasswordHasher(new PasswordHasher.Params(65536, 24, 1), 1, 1)) {
      assertThat(h.queued()).isZero();
      assertThat(h.running()).isZero();
      var exec = Executors.newVirtualThreadPerTaskExecutor();
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> h.hash("a"), exec);
      long end = System.nanoTime() + 30_000_000_000L;
      while (h.running() == 0 && System.nanoTime() < end) {
        Thread.sleep(1);
      }
      CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> h.hash("b"), exec);
      while (h.queued() == 0 && !first.isDone() && System.nanoTime() < end) {
        Thread.sleep(1);
      }
      assertThat(h.running()).isEqualTo(1);
      assertThat(h.queued()).isEqualTo(1);
      assertThatThrownBy(() -> h.hash("c")).isInstanceOf(PasswordHasher.Overloaded.class);
      assertThat(h.overloaded()).isEqualTo(1);
      first.join();
      second.join();
      assertThat(h.queued()).isZero();
      exec.shutdown();
    }
  }

  @Test
  void params_rejectNonsense() {
    assertThatThrownBy(() -> new PasswordHasher.Params(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher.Params(1024, 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Review M3: "--hash-threads 32" at the launcher's default heap of 384 MiB. */
  @Test
  void threadsFor_manyThreadsAtDefaultHeap_boundedByHeap() {
    long heap = 384L << 20;
    int threads = PasswordHasher.threadsFor(32, PasswordHasher.Params.OWASP_19MIB, heap, 32);

    assertThat(threads).isEqualTo(12);
    assertThat(threads * PasswordHasher.Params.OWASP_19MIB.memoryKiB() * 1024L * 1.2)
        .isLessThanOrEqualTo(heap - PasswordHasher.HEAP_MARGIN_BYTES);
  }

  /** Argon2 is CPU-bound: one thread per core, so that a login load uses every core and no more. */
  @Test
  void threadsFor_default_isOnePerCore() {
    long big = 64L << 30;
    assertThat(PasswordHasher.threadsFor(0, PasswordHasher.Params.DEFAULT, big, 16)).isEqualTo(16);
    assertThat(PasswordHasher.threadsFor(0, PasswordHasher.Params.DEFAULT, big, 2)).isEqualTo(2);
    assertThat(PasswordHasher.threadsFor(0, PasswordHasher.Params.DEFAULT, big, 1)).isEqualTo(1);
    assertThat(PasswordHasher.threadsFor(3, PasswordHasher.Params.DEFAULT, big, 16)).isEqualTo(3);
  }

  /** Keycloak 26's default policy (Argon2Parameters: type id, version 1.3, 7168 KiB, 5 passes, 1 lane, 32 bytes). */
  @Test
  void defaultParams_areKeycloaksDefaultPolicy() {
    try (PasswordHasher h = new PasswordHasher(PasswordHasher.Params.DEFAULT, 1, 1)) {
      String phc = h.hash("pw");
      assertThat(phc).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
      assertThat(java.util.Base64.getDecoder().decode(phc.substring(phc.lastIndexOf('$') + 1))).hasSize(32);
    }
  }

  /**
   * The queue, not the clock, decides who is turned away: 16 logins at once on 2 threads all go
   * through when the queue has room for them (16: the threads may not have taken any yet).
   */
  @Test
  void concurrentVerifies_beyondThePoolWithinTheQueue_allSucceed() {
    try (PasswordHasher h = new PasswordHasher(new PasswordHasher.Params(8192, 2, 1), 2, 16)) {
      String phc = h.hash("pw");
      var exec = Executors.newVirtualThreadPerTaskExecutor();
      var start = new java.util.concurrent.CountDownLatch(1);
      List<CompletableFuture<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
            return h.verify("pw", phc);
          } catch (PasswordHasher.Overloaded | InterruptedException e) {
            return e;
          }
        }, exec));
      }
      start.countDown();
      assertThat(calls.stream().map(CompletableFuture::join).toList()).hasSize(16).allMatch(Boolean.TRUE::equals);
      assertThat(h.overloaded()).isZero();
      exec.shutdown();
    }
  }

  /**
   * Each pool thread reuses its Argon2 blocks: hashes made and checked on the pool, one after the
   * other and with other parameters in between, are the ones computed with fresh blocks.
   */
  @Test
  void pooledBlocks_giveTheHashOfFreshBlocks() {
    try (PasswordHasher h = new PasswordHasher(new PasswordHasher.Params(2048, 2, 1), 1, 10);
        PasswordHasher larger = new PasswordHasher(new PasswordHasher.Params(4096, 1, 2), 1, 10)) {
      for (int i = 0; i < 3; i++) {
        String phc = h.hash("pw" + i);
        assertThat(PasswordHasher.verifyNow("pw" + i, phc)).as("fresh blocks, this thread").isTrue();
        assertThat(h.verify("pw" + i, phc)).isTrue();
        assertThat(h.verify("pw" + i + "x", phc)).isFalse();
        String other = larger.hashNow("q" + i);
        assertThat(h.verify("q" + i, other)).as("more memory than the pool holds").isTrue();
      }
    }
  }

  @Test
  void queueFor_is64HashesPerThread() {
    assertThat(PasswordHasher.queueFor(2)).isEqualTo(128);
  }

  @Test
  void threadsFor_heapTooSmallForOneHash_failsTheStartWithAReason() {
    assertThatThrownBy(() -> PasswordHasher.threadsFor(0, new PasswordHasher.Params(1_048_576, 1, 1), 512L << 20, 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("argon2.memoryKib 1048576 needs about 1228 MiB of heap per hash beside 96 MiB for the rest,"
            + " but the heap is 512 MiB: raise -Xmx (JETON_HEAP_OPTS) or lower argon2.memoryKib");
  }

  /** Review M3: a queued login waits at most the queue wait, then gets Overloaded (503 at the edge). */
  @Test
  void flood_longerThanTheQueueWait_overloadsTheRestAndNeverFails() throws Exception {
    try (PasswordHasher h = new PasswordHasher(new PasswordHasher.Params(8192, 2, 1), 1, 1000,
        java.time.Duration.ofMillis(30))) {
      String phc = h.hash("pw");
      var exec = Executors.newVirtualThreadPerTaskExecutor();
      List<CompletableFuture<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            return h.verify("pw", phc);
          } catch (PasswordHasher.Overloaded e) {
            return e;
          }
        }, exec));
      }
      List<Object> results = calls.stream().map(CompletableFuture::join).toList();
      assertThat(results).allMatch(o -> o instanceof PasswordHasher.Overloaded || Boolean.TRUE.equals(o));
      assertThat(results).filteredOn(o -> o instanceof PasswordHasher.Overloaded).isNotEmpty();
      assertThat(results).filteredOn(Boolean.TRUE::equals).isNotEmpty();
      assertThat(h.verify("pw", phc)).as("the pool still works after the flood").isTrue();
      exec.shutdown();
    }
  }
}
