package io.jeton.core.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (RFC 9106) in PHC string format, run on a bounded pool of platform
 * threads (SPEC section 4): a flood of logins queues here instead of taking every core from token
 * validation. When the queue is full, callers get {@link Overloaded} at once.
 */
public final class PasswordHasher implements AutoCloseable {
  /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public record Params(int memoryKiB, int iterations, int parallelism) {
    public static final Params OWASP = new Params(19456, 2, 1);

    public Params {
      if (memoryKiB < 8 || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException("argon2 parameters must be positive (memory >= 8 KiB)");
      }
    }
  }

  /** Thrown when the hashing queue is full. */
  public static final class Overloaded extends RuntimeException {
    Overloaded() {
      super("password hashing queue is full", null, false, false);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Params params;
  private final ThreadPoolExecutor pool;
  private final String dummyHash;

  public PasswordHasher(Params params, int threads, int queueCapacity) {
    this.params = params;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            r -> {
              Thread t = new Thread(r, "jeton-argon2-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.dummyHash = hashNow("jeton-dummy-password-" + RANDOM.nextLong());
  }

  /** A hasher with OWASP parameters and one thread per core. */
  public static PasswordHasher owasp() {
    return new PasswordHasher(Params.OWASP, Runtime.getRuntime().availableProcessors(), 4096);
  }

  /** Hashes on the pool; blocks the (virtual) caller until done. */
  public String hash(String password) {
    return run(() -> hashNow(password));
  }

  /** Verifies on the pool; blocks the (virtual) caller until done. */
  public boolean verify(String password, String phc) {
    return run(() -> verifyNow(password, phc));
  }

  /**
   * Spends the same work as a real verification and returns false: used for unknown users so
   * that response time does not tell which usernames exist.
   */
  public boolean verifyDummy(String password) {
    run(() -> verifyNow(password, dummyHash));
    return false;
  }

  private <T> T run(Callable<T> task) {
    try {
      return pool.submit(task).get();
    } catch (RejectedExecutionException e) {
      throw new Overloaded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("password hashing failed", e.getCause());
    }
  }

  String hashNow(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, params, 32);
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

  private static byte[] derive(String password, byte[] salt, Params p, int length) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(p.memoryKiB())
            .withIterations(p.iterations())
            .withParallelism(p.parallelism())
            .withSalt(salt)
            .build());
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
