package io.jeton.client;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Logs in with the password or client_credentials grant (RFC 6749 sections 4.3, 4.4) and hands
 * out a valid access token, renewing it ahead of expiry with the refresh token (section 6).
 *
 * <p><b>Exactly one renewal, however many threads ask.</b> While the token is fresh, {@link
 * #token()} is one volatile read. Once it is due (within {@code refreshAhead} of its expiry, at
 * most half its lifetime), the first caller starts the renewal and runs it on its own thread;
 * every other caller returns the still-valid token without waiting, or, once it has expired,
 * waits for that same renewal. A caller that read the old state after the renewal finished
 * sees the new state under the lock and starts nothing (the single flight that Spring Security's
 * {@code OAuth2AuthorizedClientManager} lacks: spring-security #11461, #14123, #15145).
 *
 * <p><b>Lost answers.</b> When a refresh gets no answer (a timeout, a reset connection) or a 503,
 * it is retried with the same refresh token while {@code refreshRetryWindow} has not passed since
 * the first attempt: Jeton answers a retry of a just-used refresh token inside the realm's {@code
 * refreshReuseGrace} with the same new token (set the window to at most that grace; a retry
 * after it is reuse, which revokes the session). When the refresh token is dead ({@code
 * invalid_grant}: expired, revoked, its session ended, reused), the manager logs in again.
 *
 * <p><b>Clock skew.</b> Expiry is the server's {@code expires_in} counted on the local monotonic
 * clock from the moment the request was sent, never the token's {@code exp} against the wall
 * clock, so a client whose clock is minutes off still renews on time.
 *
 * <p>A renewal that fails while the current token is still valid is logged (never the token)
 * and tried again a second later; the caller gets the current token. Once it has expired, the
 * failure reaches the callers: an {@link OAuthError} for a refusal, an {@link
 * UncheckedIOException} for no answer.
 *
 * <p>Immutable configuration, one instance per credential; safe for any number of threads. A
 * password grant keeps the password in memory to log in again.
 */
public final class TokenManager {
  /** Attempts of one refresh when answers are lost, the first included. */
  static final int MAX_ATTEMPTS = 3;
  /** After a failed renewal of a still-valid token, the pause before the next one (nanoseconds). */
  static final long RETRY_PAUSE = 1_000_000_000L;
  private static final System.Logger LOG = System.getLogger(TokenManager.class.getName());

  private final Builder config;
  private final Transport transport;
  private final LongSupplier ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile State state;
  /** The renewal in flight, or null; read and written under {@link #lock}. */
  private CompletableFuture<State> inFlight;

  private TokenManager(Builder b) {
    this.config = b.copy();
    this.transport = new Transport(b.http != null ? b.http : Transport.defaultClient(), b.requestTimeout);
    this.ticker = b.ticker;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this manager's configuration, for a variant (a new manager, its own tokens). */
  public Builder toBuilder() {
    return config.copy();
  }

  /** A valid access token: the current one, or a new one after at most one renewal. */
  public AccessToken token() {
    State s = state;
    long now = ticker.getAsLong();
    if (s != null && now - s.refreshAt < 0) {
      return s.token;
    }
    CompletableFuture<State> flight;
    boolean mine = false;
    lock.lock();
    try {
      if (state != s) {
        return state.token; // renewed since we read it
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        mine = true;
      }
      flight = inFlight;
    } finally {
      lock.unlock();
    }
    if (mine) {
      return renewAndPublish(s, flight).token;
    }
    if (s != null && now - s.expiresAt < 0) {
      return s.token; // due, not expired: someone else is renewing it
    }
    return await(flight).token;
  }

  /** {@link #token()}'s value. */
  public String accessToken() {
    return token().value();
  }

  private State renewAndPublish(State old, CompletableFuture<State> flight) {
    State next;
    try {
      next = renew(old);
    } catch (RuntimeException e) {
      long now = ticker.getAsLong();
      if (old == null || now - old.expiresAt >= 0) {
        lock.lock();
        try {
          inFlight = null;
        } finally {
          lock.unlock();
        }
        flight.completeExceptionally(e);
        throw e;
      }
      // The current token is still valid: keep handing it out, try again in a second.
      LOG.log(System.Logger.Level.WARNING, "token renewal failed, the current token is used until it expires: {0}",
          e.getMessage());
      next = new State(old.token, old.refreshToken, Math.min(now + RETRY_PAUSE, old.expiresAt), old.expiresAt);
    } catch (Error e) {
      lock.lock();
      try {
        inFlight = null; // never leave waiters on a flight that will not land
      } finally {
        lock.unlock();
      }
      flight.completeExceptionally(e);
      throw e;
    }
    lock.lock();
    try {
      state = next; // before clearing the flight: a late reader sees state != its snapshot
      inFlight = null;
    } finally {
      lock.unlock();
    }
    flight.complete(next);
    return next;
  }

  private static State await(CompletableFuture<State> flight) {
    try {
      return flight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while the token was renewed"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) e.getCause();
    }
  }

  private State renew(State old) {
    if (old == null || old.refreshToken == null) {
      return login();
    }
    try {
      return refresh(old);
    } catch (OAuthError e) {
      if (e.error().equals("invalid_grant")) {
        return login(); // the refresh token died: expired, revoked, reused, its session ended
      }
      throw e;
    }
  }

  private State login() {
    Map<String, String> form = new LinkedHashMap<>();
    if (config.username != null) {
      form.put("grant_type", "password");
      form.put("username", config.username);
      form.put("password", config.password);
    } else {
      form.put("grant_type", "client_credentials");
    }
    if (config.scope != null) {
      form.put("scope", config.scope);
    }
    return exchange(form, null);
  }

  private State refresh(State old) {
    Map<String, String> form = Map.of("grant_type", "refresh_token", "refresh_token", old.refreshToken);
    long first = ticker.getAsLong();
    for (int attempt = 1; ; attempt++) {
      try {
        return exchange(form, old.refreshToken);
      } catch (UncheckedIOException | OAuthError e) {
        boolean lost = e instanceof UncheckedIOException || ((OAuthError) e).status() == 503;
        long pause = 100_000_000L << (2 * (attempt - 1)); // 0.1 s, 0.4 s
        long elapsed = ticker.getAsLong() - first;
        if (!lost || attempt >= MAX_ATTEMPTS || elapsed + pause >= config.refreshRetryWindow.toNanos()) {
          throw e;
        }
        sleep(pause);
      }
    }
  }

  private State exchange(Map<String, String> form, String previousRefresh) {
    long sent = ticker.getAsLong();
    Map<String, Object> json = transport.post(config.tokenEndpoint, form, config.auth).json();
    if (!(json.get("access_token") instanceof String access) || access.isEmpty()) {
      throw new OAuthError("invalid_response", "the token answer has no access_token", 200);
    }
    String type = json.get("token_type") instanceof String t ? t : "Bearer";
    long lifetime = seconds(json.get("expires_in"));
    if (lifetime <= 0) {
      throw new OAuthError("invalid_response", "the token answer has no positive expires_in", 200);
    }
    String scope = json.get("scope") instanceof String sc ? sc : (config.scope != null ? config.scope : "");
    String refresh = json.get("refresh_token") instanceof String rt && !rt.isEmpty() ? rt : previousRefresh;
    long life = lifetime * 1_000_000_000L;
    long expiresAt = sent + life;
    long ahead = Math.min(config.refreshAhead.toNanos(), life / 2);
    return new State(new AccessToken(access, type, scope), refresh, expiresAt - ahead, expiresAt);
  }

  private static long seconds(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while retrying a refresh"));
    }
  }

  /** One issued token with its renewal times on the monotonic clock. */
  private record State(AccessToken token, String refreshToken, long refreshAt, long expiresAt) {
    @Override
    public String toString() {
      return "State[" + token + "]";
    }
  }

  /** Configures a {@link TokenManager}; {@link #build()} checks it. */
  public static final class Builder {
    private URI tokenEndpoint;
    private ClientAuthentication auth;
    private String username;
    private String password;
    private String scope;
    private Duration refreshAhead = Duration.ofSeconds(30);
    private Duration refreshRetryWindow = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private HttpClient http;
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /** A Jeton realm's issuer ({@code {publicUrl}/realms/{realm}}): the token endpoint is {@code {issuer}/oauth2/token}. */
    public Builder issuer(URI issuer) {
      return tokenEndpoint(URI.create(Endpoints.trim(issuer) + "/oauth2/token"));
    }

    /** The token endpoint, for a server laid out otherwise. */
    public Builder tokenEndpoint(URI uri) {
      this.tokenEndpoint = Objects.requireNonNull(uri, "tokenEndpoint");
      return this;
    }

    /** How the client authenticates (required). */
    public Builder client(ClientAuthentication auth) {
      this.auth = Objects.requireNonNull(auth, "client");
      return this;
    }

    /** Log in with the password grant as this user (RFC 6749 section 4.3). */
    public Builder password(String username, String password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Log in with the client_credentials grant (section 4.4; the default when no user is given). */
    public Builder clientCredentials() {
      this.username = null;
      this.password = null;
      return this;
    }

    /** The {@code scope} to ask for at login (space-separated); by default the client's default. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** How long before expiry a token is renewed (default 30 s; at most half its lifetime). */
    public Builder refreshAhead(Duration d) {
      this.refreshAhead = nonNegative(d, "refreshAhead");
      return this;
    }

    /**
     * How long a refresh whose answer was lost is retried with the same refresh token (default
     * 10 s, Jeton's default {@code refreshReuseGrace}; at most the realm's grace; 0 = never).
     */
    public Builder refreshRetryWindow(Duration d) {
      this.refreshRetryWindow = nonNegative(d, "refreshRetryWindow");
      return this;
    }

    /** The timeout of each request (default 10 s). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive");
      }
      return this;
    }

    /** The HTTP client to use (TLS settings, proxy, executor); by default a new one. */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "httpClient");
      return this;
    }

    /** The monotonic clock, in nanoseconds ({@link System#nanoTime} by default); tests move it. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public TokenManager build() {
      if (tokenEndpoint == null) {
        throw new IllegalStateException("tokenEndpoint (or issuer) is required");
      }
      if (auth == null) {
        throw new IllegalStateException("client authentication is required");
      }
      return new TokenManager(this);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.tokenEndpoint = tokenEndpoint;
      b.auth = auth;
      b.username = username;
      b.password = password;
      b.scope = scope;
      b.refreshAhead = refreshAhead;
      b.refreshRetryWindow = refreshRetryWindow;
      b.requestTimeout = requestTimeout;
      b.http = http;
      b.ticker = ticker;
      return b;
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }
  }
}
