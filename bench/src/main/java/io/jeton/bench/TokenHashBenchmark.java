package io.jeton.bench;

import io.jeton.core.TokenHash;
import io.jeton.core.crypto.Tokens;
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
 * The SHA-256 of a 256-bit opaque refresh token ({@link Tokens#sha256}), computed on every refresh
 * and refresh-token revocation to find the stored row (RFC 6749 section 6; tokens are stored only
 * as this hash).
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -DskipTests && java -jar bench/target/benchmarks.jar
 * TokenHashBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenHashBenchmark {
  private String refreshToken;

  @Setup
  public void setUp() {
    refreshToken = Tokens.opaque();
  }

  /** Hashes one refresh token (43 base64url characters) to its stored form. */
  @Benchmark
  public TokenHash sha256() {
    return Tokens.sha256(refreshToken);
  }
}
