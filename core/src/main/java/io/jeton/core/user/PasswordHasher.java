package io.jeton.core.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (RFC 9106) in PHC string format, run on a bounded pool of platform
 * threads (SPEC sections 4 and 7): a flood of logins queues here instead of taking the whole heap.
 * The hash is CPU-bound, so the pool has one thread per core by default: more threads would not
 * hash faster, only hold more memory and slow each other down. A login that finds every thread
 * busy waits in the queue, however busy the machine; only when the queue is full does its caller
 * get {@link Overloaded} at once, and a task still queued after {@code queueWait} (a backstop,
 * {@value #DEFAULT_QUEUE_WAIT_SECONDS} s by default, far beyond a full queue's normal wait) is
 * dropped with {@link Overloaded} too (review M3). Each running hash needs {@code memoryKiB}, so
 * the thread count is also bounded by the heap ({@link #threadsFor}); each pool thread keeps its
 * Argon2 blocks from one hash to the next (Bouncy Castle's {@code FixedBlockPool}), zeroed by the
 * generator after every hash, instead of allocating {@code memoryKiB} of garbage per login.
 */
public final class PasswordHasher implements AutoCloseable {
  /** Argon2id costs: memory in KiB, passes, lanes. */
  public record Params(int memoryKiB, int iterations, int parallelism) {
    /**
     * The default: 7 MiB, 5 iterations, 1 lane, one of OWASP's equivalent minimums for Argon2id
     * (the one with least memory) and Keycloak 26's default password policy.
     */
    public static final Params DEFAULT = new Params(7168, 5, 1);
    /** OWASP's 19 MiB option: 19 MiB, 2 iterations, 1 lane (Jeton's default before). */
    public static final Params OWASP_19MIB = new Params(19456, 2, 1);

    public Params {
      if (memoryKiB < 8 || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException("argon2 parameters must be positive (memory >= 8 KiB)");
      }
    }
  }

  /** Thrown when the hashing queue is full or a task waited in it longer than the queue wait. */
  public static final class Overloaded extends RuntimeException {
    Overloaded() {
      super("password hashing queue is full, or a hash waited longer than the queue wait", null, false, false);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  static final int DEFAULT_QUEUE_WAIT_SECONDS = 10;
  /**
   * How long a task may wait in the queue when the constructor is not told: a backstop against a
   * machine so slow that the queue cannot drain, not the normal limit (that is the queue's size).
   */
  public static final Duration DEFAULT_QUEUE_WAIT = Duration.ofSeconds(DEFAULT_QUEUE_WAIT_SECONDS);
  /** Queued hashes per pool thread when the caller does not size the queue ({@link #queueFor}). */
  public static final int QUEUE_PER_THREAD = 64;
  /** Heap kept for everything but hashing (requests, caches, the revocation view) by {@link #threadsFor}. */
  static final long HEAP_MARGIN_BYTES = 96L << 20;

  private final Params params;
  private final ThreadPoolExecutor pool;
  private final long queueWaitNanos;
  private final String dummyHash;
  private final LongAdder verifications = new LongAdder();
  private final LongAdder overloaded = new LongAdder();

  public PasswordHasher(Params params, int threads, int queueCapacity) {
    this(params, threads, queueCapacity, DEFAULT_QUEUE_WAIT);
  }

  /**
   * @param threads pool size; use {@link #threadsFor} to bound a configured value by heap and cores
   * @param queueCapacity tasks that may wait; beyond it, {@link Overloaded} at once
   * @param queueWait how long a task may wait for a thread before its caller gets {@link Overloaded}
   */
  public PasswordHasher(Params params, int threads, int queueCapacity, Duration queueWait) {
    if (threads < 1 || queueCapacity < 1 || queueWait.isNegative() || queueWait.isZero()) {
      throw new IllegalArgumentException("the hashing pool needs threads >= 1, a queue >= 1 and a wait > 0");
    }
    this.params = params;
    this.queueWaitNanos = queueWait.toNanos();
    int blocks = Argon2BytesGenerator.getBlockCount(params.memoryKiB(), params.parallelism()) + FILL_BLOCKS;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            r -> {
              Thread t = new HashThread(r, "jeton-argon2-" + n.incrementAndGet(), blocks);
              t.setDaemon(true);
              return t;
            });
    this.dummyHash = dummyPhc(params);
  }

  /**
   * A hash of these parameters that no password matches: a random salt and a random output, so that
   * {@link #verifyDummy} derives exactly what a real verification derives, without an Argon2 hash at
   * construction (a cold one took a quarter of a second of CPU, on the way to every start's first token).
   */
  private static String dummyPhc(Params params) {
    byte[] salt = new byte[16];
    byte[] out = new byte[32];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(out);
    return phc(params, salt, out);
  }

  /** The hash {@link #verifyDummy} checks against: for tests. */
  String dummyHash() {
    return dummyHash;
  }

  /**
   * The pool size for a configured thread count (0: the default, one thread per core: the hash is
   * CPU-bound, and a pool one thread short leaves a core idle under a login load while token
   * requests, a few hundred microseconds each, barely need one), at most what the heap holds: each running hash needs
   * about {@code memoryKiB * 1.2} (the Argon2 blocks and their copies), beside a margin of {@value
   * #HEAP_MARGIN_BYTES} bytes for the rest of the node (review M3).
   *
   * @throws IllegalStateException when the heap cannot hold even one hash: a start-up check
   */
  public static int threadsFor(int configured, Params params, long maxHeapBytes, int cores) {
    long perHash = (long) (params.memoryKiB() * 1024L * 1.2);
    long byHeap = (maxHeapBytes - HEAP_MARGIN_BYTES) / perHash;
    if (byHeap < 1) {
      throw new IllegalStateException("argon2.memoryKib " + params.memoryKiB() + " needs about "
          + (perHash >> 20) + " MiB of heap per hash beside " + (HEAP_MARGIN_BYTES >> 20)
          + " MiB for the rest, but the heap is " + (maxHeapBytes >> 20)
          + " MiB: raise -Xmx (JETON_HEAP_OPTS) or lower argon2.memoryKib");
    }
    int wanted = configured > 0 ? configured : Math.max(1, cores);
    return (int) Math.min(wanted, byHeap);
  }

  /** The queue for a pool of {@code threads}: {@value #QUEUE_PER_THREAD} waiting hashes per thread. */
  public static int queueFor(int threads) {
    return threads * QUEUE_PER_THREAD;
  }

  /** The pool size. */
  public int threads() {
    return pool.getMaximumPoolSize();
  }

  /** Hashes waiting for a thread now (metrics: the queue a login flood fills). */
  public int queued() {
    return pool.getQueue().size();
  }

  /** Hashes running now. */
  public int running() {
    return pool.getActiveCount();
  }

  /** How many callers got {@link Overloaded} (queue full, or waited too long) since start. */
  public long overloaded() {
    return overloaded.sum();
  }

  /**
   * Hashes on the pool; blocks the (virtual) caller until done. Used by imports, an operator's
   * action, so it waits its turn without the queue wait (it still gets {@link Overloaded} when the
   * queue is full).
   */
  public String hash(String password) {
    return run(() -> hashNow(password), Long.MAX_VALUE);
  }

  /** Verifies on the pool; blocks the (virtual) caller until done. */
  public boolean verify(String password, String phc) {
    return run(() -> {
      verifications.increment();
      return verifyNow(password, phc);
    }, queueWaitNanos);
  }

  /** How many stored hashes {@link #verify} has checked since start (dummy work excluded): metrics, lockout tests. */
  public long verifications() {
    return verifications.sum();
  }

  /**
   * Spends the same work as a real verification and returns false: used for unknown users so
   * that response time does not tell which usernames exist.
   */
  public boolean verifyDummy(String password) {
    run(() -> verifyNow(password, dummyHash), queueWaitNanos);
    return false;
  }

  /**
   * Runs the task on the pool and waits. A task that has not started within the queue wait is
   * taken out of the queue and never runs (its caller has gone with {@link Overloaded}); one that
   * has started is waited for, as it ends within one hash time.
   */
  private <T> T run(Callable<T> task, long waitNanos) {
    AtomicInteger state = new AtomicInteger(QUEUED);
    FutureTask<T> future = new FutureTask<>(() -> state.compareAndSet(QUEUED, RUNNING) ? task.call() : null);
    try {
      pool.execute(future);
    } catch (RejectedExecutionException e) {
      overloaded.increment();
      throw new Overloaded();
    }
    try {
      try {
        return future.get(waitNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (state.compareAndSet(QUEUED, ABANDONED)) {
          pool.remove(future);
          overloaded.increment();
          throw new Overloaded();
        }
        return future.get();
      }
    } catch (InterruptedException e) {
      state.compareAndSet(QUEUED, ABANDONED);
      pool.remove(future);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("password hashing failed", e.getCause());
    }
  }

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int ABANDONED = 2;

  String hashNow(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return phc(params, salt, derive(password, salt, params, 32));
  }

  /** The PHC string format of an Argon2id hash. */
  private static String phc(Params params, byte[] salt, byte[] out) {
    return "$argon2id$v=19$m=" + params.memoryKiB() + ",t=" + params.iterations() + ",p="
        + params.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  static boolean verifyNow(String password, String phc) {
    String[] parts = phc.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int m = 0, t = 0, p = 0;
      for (String kv : parts[3].split(",")) {
        int v = Integer.parseInt(kv.substring(2));
        switch (kv.charAt(0)) {
          case 'm' -> m = v;
          case 't' -> t = v;
          case 'p' -> p = v;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(password, salt, new Params(m, t, p), expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  /** Blocks the generator takes from the pool beside the memory: its fill's working blocks. */
  private static final int FILL_BLOCKS = 4;

  /**
   * A pool thread and the Argon2 blocks it reuses: only this thread hashes with them, one hash at a
   * time, so no two hashes share a block; a hash of other parameters (an older stored hash) takes
   * what it lacks from the heap and the pool keeps at most its own size.
   */
  private static final class HashThread extends Thread {
    final Argon2BytesGenerator.BlockPool blocks;

    HashThread(Runnable r, String name, int blocks) {
      super(r, name);
      this.blocks = new Argon2BytesGenerator.FixedBlockPool(blocks);
    }
  }

  private static byte[] derive(String password, byte[] salt, Params p, int length) {
    Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(p.memoryKiB())
        .withIterations(p.iterations())
        .withParallelism(p.parallelism())
        .withSalt(salt);
    if (Thread.currentThread() instanceof HashThread t) {
      b.withBlockPool(t.blocks); // otherwise (a thread outside the pool): fresh blocks
    }
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(b.build());
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
