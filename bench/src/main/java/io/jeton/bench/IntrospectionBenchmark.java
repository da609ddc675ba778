package io.jeton.bench;

import io.jeton.core.ClientId;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.grant.TokenMinter;
import io.jeton.core.introspect.Introspector;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.keys.SignatureProvider;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.revoke.RevocationStore;
import io.jeton.core.revoke.RevocationView;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.JtiSeal;
import io.jeton.core.token.TokenCodec;
import io.jeton.core.token.VerifiedTokens;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
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
 * RFC 7662 introspection of an access token drawn at random from a population of live tokens,
 * through core's {@link Introspector#accessToken} (what every dialect's introspection calls after
 * client authentication): SPEC 6 asks for 18,500/s with 10^5 live tokens. The population is minted
 * in the setup by a {@link TokenMinter} (ES256, sealed {@code jti}, as the grants mint them), on
 * this node or on a peer ({@link #issuedBy}), and introspected once each, so the measurement sees a
 * node that has seen every token before; the
 * token bytes are kept off the heap and copied into a fresh {@code String} per call, as a request
 * would bring them, so that the heap (capped at {@code -Xmx384m}, bin/jeton's default before issue 11)
 * holds only
 * what introspection keeps. No database: keys in an {@link InMemoryKeyStore}, no revocations.
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -am -DskipTests && java -jar bench/target/benchmarks.jar
 * IntrospectionBenchmark} (add {@code -t 2} to load both cores, {@code -p population=100000} for one
 * population, {@code -prof gc} for allocation; minting 10^6 tokens takes about a minute of setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx384m", "-XX:MaxDirectMemorySize=2g"})
public class IntrospectionBenchmark {
  /** How many distinct live tokens the calls draw from. */
  @Param({"1", "100000", "1000000"})
  public int population = 1000;

  private static final int CHUNK = 10_000;

  /**
   * Who minted the population: {@code this} node (so its {@link VerifiedTokens} remembered each
   * token as it signed it) or a {@code peer} sharing the keys (so this node verified each token
   * once, in the setup's first pass).
   */
  @Param({"this", "peer"})
  public String issuedBy = "this";

  private Introspector introspector;
  private Realm realm;
  private ByteBuffer tokens;
  private int[] offsets;

  @Setup
  public void setUp() {
    SignatureProvider.awaitLoaded();
    realm = new Realm(RealmName.of("bench"), "bench", Optional.empty(), Duration.ofHours(12), null, null, null,
        null, null);
    EngineSettings settings = EngineSettings.of("http://127.0.0.1:8080");
    MasterKey master = MasterKey.generate();
    KeyRing ring = new KeyRing(new InMemoryKeyStore(), master, InstantSource.system());
    // as the Engine wires it
    TokenCodec codec = new TokenCodec(ring,
        new VerifiedTokens(settings.verifiedTokenCacheSize(), InstantSource.system()));
    TokenMinter minter = new TokenMinter(settings, issuedBy.equals("peer") ? new TokenCodec(ring) : codec,
        new JtiSeal(master));
    RevocationView revocations = new RevocationView(new NoRevocations(), InstantSource.system());
    revocations.poll();
    introspector = new Introspector(settings, codec, revocations, null, InstantSource.system());

    Instant now = Instant.now();
    ClientId client = ClientId.of("bench-client");
    IntFunction<String> mint = i -> minter.sign(realm, minter.claims(realm, "user-" + i, client,
        List.of("read", "write"), Optional.of(new SessionId("s" + i)), now));
    // minted in chunks straight into the off-heap buffer: 10^6 tokens as strings would not fit the heap
    tokens = ByteBuffer.allocateDirect(Math.toIntExact((long) population * (mint.apply(0).length() + 32)));
    offsets = new int[population + 1];
    for (int from = 0; from < population; from += CHUNK) {
      String[] chunk = IntStream.range(from, Math.min(population, from + CHUNK)).parallel().mapToObj(mint)
          .toArray(String[]::new);
      for (int i = 0; i < chunk.length; i++) {
        offsets[from + i] = tokens.position();
        tokens.put(chunk[i].getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    offsets[population] = tokens.position();
    AtomicLong inactive = new AtomicLong();
    IntStream.range(0, population).parallel().forEach(i -> {
      if (introspector.accessToken(realm, token(i)).isEmpty()) {
        inactive.incrementAndGet();
      }
    });
    if (inactive.get() != 0) {
      throw new IllegalStateException(inactive.get() + " freshly minted tokens are not active");
    }
  }

  /** Token {@code i} as a request brings it: a new string. */
  String token(int i) {
    byte[] b = new byte[offsets[i + 1] - offsets[i]];
    tokens.get(offsets[i], b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Introspects one token drawn at random from the population. */
  @Benchmark
  public Optional<AccessClaims> introspectRandom() {
    return introspector.accessToken(realm, token(ThreadLocalRandom.current().nextInt(population)));
  }

  /** A revocation store that never has an entry. */
  private static final class NoRevocations implements RevocationStore {
    @Override
    public void revokeAccessToken(RealmName realm, String jti, Instant expiresAt) {}

    @Override
    public boolean revokeSession(RealmName realm, SessionId session, Instant at, Instant entryExpiresAt) {
      return false;
    }

    @Override
    public List<RevocationEntry> since(long afterSeq, int limit) {
      return List.of();
    }

    @Override
    public List<RevocationEntry> withSeqs(Collection<Long> seqs) {
      return List.of();
    }

    @Override
    public int purgeExpired(RealmName realm, Instant now, int limit) {
      return 0;
    }
  }
}
