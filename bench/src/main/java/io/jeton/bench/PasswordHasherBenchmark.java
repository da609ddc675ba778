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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One password-grant login's hash cost: {@link PasswordHasher#verify} with Argon2id (RFC 9106) at
 * Jeton's default, which is Keycloak 26's default policy (7 MiB, 5 iterations, 1 lane), including
 * the hand-off to the bounded hashing pool (one thread per core, as the server runs it). Its
 * inverse is the hash-bound limit of the password grant per core: {@code cores / score} logins a
 * second for the whole machine. {@code -p memoryKib=19456 -p iterations=2} measures OWASP's 19 MiB
 * option, Jeton's default before.
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -am -DskipTests && java -jar bench/target/benchmarks.jar
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

  /** Argon2id memory in KiB; Keycloak 26's default policy (and OWASP's 7 MiB option) is 7168. */
  @Param({"7168"})
  public int memoryKib = 7168;

  /** Argon2id iterations; Keycloak 26's default is 5. */
  @Param({"5"})
  public int iterations = 5;

  private PasswordHasher hasher;
  private String stored;

  @Setup(Level.Trial)
  public void setUp() {
    PasswordHasher.Params params = new PasswordHasher.Params(memoryKib, iterations, 1);
    hasher = new PasswordHasher(params, Runtime.getRuntime().availableProcessors(), 16);
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
