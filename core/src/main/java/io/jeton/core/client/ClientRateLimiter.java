package io.jeton.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.error.OAuthError;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A client's own {@code rateLimit} on the token endpoints (SPEC 7): a token bucket per client that
 * holds up to one second of requests and refills at {@code rateLimit} a second; a request that
 * finds it empty gets 429 with {@code Retry-After}. Per node, like {@link ClientFailureLimiter};
 * a client without a limit costs one comparison.
 */
public final class ClientRateLimiter {
  private record Key(RealmName realm, ClientId client) {}

  /** Tokens left at {@code atNanos} (clock time); guarded by itself. */
  private static final class Bucket {
    private double tokens;
    private long atNanos;

    Bucket(double tokens, long atNanos) {
      this.tokens = tokens;
      this.atNanos = atNanos;
    }
  }

  private final InstantSource clock;
  private final Cache<Key, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterAccess(Duration.ofMinutes(5)).build();

  public ClientRateLimiter(InstantSource clock) {
    this.clock = clock;
  }

  /** Takes one request from the client's bucket; the 429 when there is none left. */
  public Optional<OAuthError> take(Client client) {
    int rate = client.rateLimit();
    if (rate <= 0) {
      return Optional.empty();
    }
    java.time.Instant t = clock.instant();
    long now = t.getEpochSecond() * 1_000_000_000L + t.getNano();
    Bucket b = buckets.get(new Key(client.realm(), client.id()), k -> new Bucket(rate, now));
    synchronized (b) {
      b.tokens = Math.min(rate, b.tokens + Math.max(0, now - b.atNanos) * rate / 1e9);
      b.atNanos = Math.max(b.atNanos, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return Optional.empty();
      }
      long waitNanos = (long) Math.ceil((1 - b.tokens) * 1e9 / rate);
      return Optional.of(OAuthError.rateLimited("client '" + client.id() + "' is over its rate limit of " + rate
          + " requests per second", Duration.ofNanos(waitNanos)));
    }
  }
}
