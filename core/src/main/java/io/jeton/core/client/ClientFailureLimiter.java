package io.jeton.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.error.OAuthError;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Failed client authentications per client id and remote address (SPEC 7): past the realm's
 * {@code clientMaxFailures} in a minute, that address gets 429 with {@code Retry-After} for that
 * client until the minute is over, before its secret is even checked, so a guessing run stops at
 * the limit. Other addresses, and other clients from the same address, are not affected.
 *
 * <p>Per node, in memory: behind a load balancer each node counts on its own, so an attacker
 * gets at most {@code clientMaxFailures} guesses a minute per node. A window starts at the first
 * failure; windows are held for {@link #WINDOW} and at most {@link #MAX_WINDOWS} of them, the
 * least recently used dropped first, so a flood of made-up client ids cannot grow the heap.
 */
public final class ClientFailureLimiter {
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_WINDOWS = 100_000;

  private record Key(RealmName realm, ClientId client, String address) {}

  /** Failures since {@code start}; guarded by itself. */
  private static final class Window {
    private final Instant start;
    private int failures;

    Window(Instant start) {
      this.start = start;
    }
  }

  private final InstantSource clock;
  private final Cache<Key, Window> windows = Caffeine.newBuilder().maximumSize(MAX_WINDOWS)
      .expireAfterWrite(WINDOW.multipliedBy(2)).build();

  public ClientFailureLimiter(InstantSource clock) {
    this.clock = clock;
  }

  /** The 429 for this client and address if it is past {@code max} failures in the current minute. */
  public Optional<OAuthError> refusal(RealmName realm, ClientId client, String address, int max) {
    if (max <= 0) {
      return Optional.empty();
    }
    Window w = windows.getIfPresent(new Key(realm, client, address));
    if (w == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant end = w.start.plus(WINDOW);
    synchronized (w) {
      if (w.failures < max || !now.isBefore(end)) {
        return Optional.empty();
      }
    }
    return Optional.of(OAuthError.rateLimited("too many failed authentications of client '" + client
        + "' from this address; retry later", Duration.between(now, end)));
  }

  /** Counts one failed authentication of {@code client} from {@code address}. */
  public void failed(RealmName realm, ClientId client, String address, int max) {
    if (max <= 0) {
      return;
    }
    Instant now = clock.instant();
    Key key = new Key(realm, client, address);
    Window w = windows.get(key, k -> new Window(now));
    synchronized (w) {
      if (!now.isBefore(w.start.plus(WINDOW))) {
        Window fresh = new Window(now);
        fresh.failures = 1;
        windows.put(key, fresh);
        return;
      }
      w.failures++;
    }
  }
}
