package io.jeton.client;

import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Asks the realm's introspection endpoint about a token (RFC 7662), as an authenticated client
 * (section 2.1), and keeps active answers in a short, bounded cache.
 *
 * <p><b>The cache.</b> An active answer is kept for {@code cacheTtl} (default 10 s), never past
 * the token's {@code exp}, in at most {@code cacheSize} entries (default 1,000; the least recently
 * used goes first), keyed by the SHA-256 of the token, never the token itself. So a revocation
 * reaches this client within {@code cacheTtl}; 0 turns the cache off. Inactive answers are not
 * cached: made-up tokens cannot push real ones out (RFC 7662 section 4 leaves the choice to the
 * resource server).
 *
 * <p>Errors of the endpoint (a wrong client secret: {@code invalid_client}) are {@link
 * OAuthError}s. Immutable configuration, safe for any number of threads.
 */
public final class IntrospectionClient {
  private final Builder config;
  private final Transport transport;
  private final URI endpoint;
  private final LongSupplier ticker;
  private final InstantSource clock;
  private final long ttl;
  private final int maxEntries;
  private final ReentrantLock lock = new ReentrantLock();
  /** Access order: the eldest is the least recently used. Under {@link #lock}. */
  private final LinkedHashMap<String, Entry> cache = new LinkedHashMap<>(16, 0.75f, true);

  private IntrospectionClient(Builder b) {
    this.config = b.copy();
    this.transport = new Transport(b.http != null ? b.http : Transport.defaultClient(), b.requestTimeout);
    this.endpoint = b.endpoint;
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.ttl = b.cacheTtl.toNanos();
    this.maxEntries = b.cacheSize;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this client's configuration, for a variant (with its own cache). */
  public Builder toBuilder() {
    return config.copy();
  }

  /** The server's answer about {@code token}, from the cache when it holds a live one. */
  public Introspection introspect(String token) {
    Objects.requireNonNull(token, "token");
    String key = ttl > 0 && maxEntries > 0 ? hash(token) : null;
    if (key != null) {
      Introspection hit = cached(key);
      if (hit != null) {
        return hit;
      }
    }
    long asked = ticker.getAsLong();
    Introspection answer = Introspection.parse(transport.post(endpoint, Map.of("token", token), config.auth).json());
    if (key != null && answer.active()) {
      long until = asked + ttl;
      if (answer.expiresAt().isPresent()) {
        long left = Duration.between(clock.instant(), answer.expiresAt().get()).toNanos();
        until = Math.min(until, asked + left); // never past exp
      }
      if (until - asked > 0) {
        put(key, new Entry(answer, until));
      }
    }
    return answer;
  }

  /** Entries held now (tests). */
  int cached() {
    lock.lock();
    try {
      return cache.size();
    } finally {
      lock.unlock();
    }
  }

  private Introspection cached(String key) {
    lock.lock();
    try {
      Entry e = cache.get(key);
      if (e == null) {
        return null;
      }
      if (ticker.getAsLong() - e.until >= 0) {
        cache.remove(key);
        return null;
      }
      return e.answer;
    } finally {
      lock.unlock();
    }
  }

  private void put(String key, Entry entry) {
    lock.lock();
    try {
      cache.put(key, entry);
      long now = ticker.getAsLong();
      cache.values().removeIf(e -> now - e.until >= 0 && e != entry);
      while (cache.size() > maxEntries) {
        cache.remove(cache.keySet().iterator().next());
      }
    } finally {
      lock.unlock();
    }
  }

  private static String hash(String token) {
    try {
      return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
          .toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
  }

  private record Entry(Introspection answer, long until) {}

  /** Configures an {@link IntrospectionClient}; {@link #build()} checks it. */
  public static final class Builder {
    private URI endpoint;
    private ClientAuthentication auth;
    private Duration cacheTtl = Duration.ofSeconds(10);
    private int cacheSize = 1000;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private HttpClient http;
    private InstantSource clock = InstantSource.system();
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /** A Jeton realm's issuer: the endpoint is {@code {issuer}/oauth2/introspect}. */
    public Builder issuer(URI issuer) {
      return endpoint(URI.create(Endpoints.trim(issuer) + "/oauth2/introspect"));
    }

    /** The introspection endpoint, for a server laid out otherwise. */
    public Builder endpoint(URI uri) {
      this.endpoint = Objects.requireNonNull(uri, "endpoint");
      return this;
    }

    /** How this client authenticates (required: RFC 7662 section 2.1). */
    public Builder client(ClientAuthentication auth) {
      this.auth = Objects.requireNonNull(auth, "client");
      return this;
    }

    /** How long an active answer is kept, at most (default 10 s; 0 = no cache). */
    public Builder cacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "cacheTtl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must not be negative");
      }
      this.cacheTtl = ttl;
      return this;
    }

    /** How many answers are kept, at most (default 1,000; 0 = no cache). */
    public Builder cacheSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative");
      }
      this.cacheSize = size;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "httpClient");
      return this;
    }

    /** The wall clock that a token's {@code exp} is compared with. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The monotonic clock of the cache, in nanoseconds; tests move it. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public IntrospectionClient build() {
      if (endpoint == null) {
        throw new IllegalStateException("endpoint (or issuer) is required");
      }
      if (auth == null) {
        throw new IllegalStateException("client authentication is required");
      }
      return new IntrospectionClient(this);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.endpoint = endpoint;
      b.auth = auth;
      b.cacheTtl = cacheTtl;
      b.cacheSize = cacheSize;
      b.requestTimeout = requestTimeout;
      b.http = http;
      b.clock = clock;
      b.ticker = ticker;
      return b;
    }
  }
}
