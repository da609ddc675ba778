package io.jeton.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jeton.core.ClientId;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.VerifiedTokens;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Heap retained per remembered access token: core's {@link VerifiedTokens} (at the server's default
 * capacity) beside what it replaced, a Caffeine cache of parsed claims keyed by the token string
 * (measured up to the 10^5 entries it was capped at). Heap used after a full GC, before and after
 * filling, over the number of tokens; the tokens are realistic in length (650 characters, as an
 * ES256 token with a sealed {@code jti}) but unsigned, since only what is retained is measured.
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -am -DskipTests && java -Xmx1g -cp bench/target/benchmarks.jar
 * io.jeton.bench.VerifiedTokensFootprint}
 */
public final class VerifiedTokensFootprint {
  private static final RealmName REALM = RealmName.of("bench");
  private static final String PAD = "x".repeat(600);

  private VerifiedTokensFootprint() {}

  public static void main(String[] args) {
    Instant exp = Instant.now().plusSeconds(3600);
    for (int n : new int[] {100_000, 1_000_000}) {
      long before = usedAfterGc();
      VerifiedTokens set = new VerifiedTokens(EngineSettings.DEFAULT_VERIFIED_TOKENS, InstantSource.system());
      long idle = usedAfterGc() - before;
      for (int i = 0; i < n; i++) {
        set.add(REALM, token(i), exp.getEpochSecond());
      }
      long full = usedAfterGc() - before;
      System.out.printf("VerifiedTokens  %,9d tokens: idle %,11d B, filled %,12d B = %5.1f B/token (%,d slots, %,d held)%n",
          n, idle, full, (double) full / n, set.slots(), set.size());
      keep(set);
    }
    for (int n : new int[] {10_000, 100_000}) {
      long before = usedAfterGc();
      Cache<String, AccessClaims> cache = Caffeine.newBuilder().maximumSize(100_000).build();
      for (int i = 0; i < n; i++) {
        cache.put(token(i), claims(i, exp));
      }
      cache.cleanUp();
      long full = usedAfterGc() - before;
      System.out.printf("Caffeine claims %,9d tokens: filled %,12d B = %7.1f B/token%n", n, full, (double) full / n);
      keep(cache);
    }
  }

  private static String token(int i) {
    return "eyJraWQiOiJr" + i + "." + PAD + "." + Integer.toHexString(i * 7919) + "sig".repeat(10);
  }

  /** Claims shaped as TokenMinter makes them, each string its own object as a parse makes it. */
  private static AccessClaims claims(int i, Instant exp) {
    return new AccessClaims(new String("http://127.0.0.1:8080/realms/bench"), "user-" + i, List.of("user-" + i),
        exp, exp.minusSeconds(3600), "jti-" + i + "-".repeat(38), ClientId.of("bench-client" + (i % 1)),
        List.of(new String("read"), new String("write")), Optional.of(SessionId.of("s" + i)));
  }

  private static Object sink;

  private static void keep(Object o) {
    sink = o;
    sink = null;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
