package io.jeton.bench;

import io.jeton.core.client.SecretHasher;
import io.jeton.core.crypto.MasterKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client authentication's secret check ({@link SecretHasher#matches}: HMAC-SHA256 under the
 * master-key pepper plus a constant-time compare), paid by every token, introspection and
 * revocation request of a confidential client (RFC 6749 section 2.3.1).
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -DskipTests && java -jar bench/target/benchmarks.jar
 * SecretHasherBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SecretHasherBenchmark {
  private SecretHasher hasher;
  private String secret;
  private String stored;

  @Setup
  public void setUp() {
    hasher = new SecretHasher(MasterKey.generate());
    secret = SecretHasher.generateSecret();
    stored = hasher.hash(secret);
  }

  /** Checks one correct 256-bit client secret against its stored hash. */
  @Benchmark
  public boolean matches() {
    return hasher.matches(secret, stored);
  }
}
