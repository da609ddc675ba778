package io.jeton.bench;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.keys.SignatureProvider;
import io.jeton.core.realm.Realm;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.TokenCodec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ES256 access-token signing and verification through {@link TokenCodec} (RFC 9068 JWT, RFC 7515
 * compact JWS): {@code encode} is the whole CPU cost of a client_credentials token apart from HTTP,
 * {@code decode} is what introspection pays for a token it has not verified before. The realm's
 * key pair is generated once in an {@link InMemoryKeyStore}, so neither touches a database.
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -DskipTests && java -jar bench/target/benchmarks.jar
 * TokenCodecBenchmark} (add {@code -t 2} to load both cores; {@code -p provider=native} for one provider).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenCodecBenchmark {
  private TokenCodec codec;
  private Realm realm;
  private AccessClaims claims;
  private String token;

  /** Where signatures are computed: {@code native} (ACCP, as the server does once it is loaded) or {@code jdk}. */
  @Param({"native", "jdk"})
  public String provider = "native";

  @Setup
  public void setUp() {
    if (provider.equals("jdk")) {
      System.setProperty(SignatureProvider.PROPERTY, "jdk"); // each parameter runs in its own fork
    }
    SignatureProvider.awaitLoaded();
    realm = Realm.withDefaults(RealmName.of("bench"));
    codec = new TokenCodec(new KeyRing(new InMemoryKeyStore(), MasterKey.generate(), InstantSource.system()));
    Instant now = Instant.now();
    claims =
        new AccessClaims(
            "http://127.0.0.1:8080/realms/bench",
            "bench-client",
            List.of("bench-client"),
            now.plus(realm.accessTokenTtl()),
            now,
            Tokens.random(16),
            ClientId.of("bench-client"),
            List.of("read"),
            Optional.empty());
    token = codec.encode(realm, claims);
  }

  /** Signs one access token with the realm's current ES256 key. */
  @Benchmark
  public String encode() {
    return codec.encode(realm, claims);
  }

  /** Parses one access token and verifies its ES256 signature and {@code typ}. */
  @Benchmark
  public Optional<AccessClaims> decode() {
    return codec.decode(realm, token);
  }
}
