package io.jeton.bench;

import io.jeton.core.user.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One password-grant login's hash cost: {@link PasswordHasher#verify} with Argon2id at OWASP's
 * parameters (RFC 9106; 19 MiB, 2 iterations, 1 lane), including the hand-off to the bounded
 * hashing pool (one thread per core, as the server runs it). Its inverse is the hash-bound limit of the password grant per core.
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -DskipTests && java -jar bench/target/benchmarks.jar
 * PasswordHasherBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PasswordHasherBenchmark {
  static final String PASSWORD = "bench-password";

  private PasswordHasher hasher;
  private String stored;

  @Setup(Level.Trial)
  public void setUp() {
    hasher = PasswordHasher.owasp();
    stored = hasher.hash(PASSWORD);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hasher.close();
  }

  /** Verifies the right password against its Argon2id PHC string. */
  @Benchmark
  public boolean verify() {
    return hasher.verify(PASSWORD, stored);
  }
}
