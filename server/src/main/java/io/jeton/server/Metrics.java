package io.jeton.server;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.jeton.core.Engine;
import io.jeton.core.audit.AuditType;
import io.jeton.core.client.GrantType;
import io.jeton.core.lifecycle.Purged;
import io.jeton.core.user.PasswordHasher;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.store.jdbc.JdbcStores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node's metrics in Prometheus text format at {@code /metrics} (SPEC sections 5 and 11; every
 * name, label and meaning is in docs/observability.md): a latency histogram per endpoint, dialect
 * and status ({@code jeton_http_requests_seconds}), plus JVM and process gauges. Recording a
 * request costs an array read and a few atomic adds; labels come only from the route table and
 * the status code, never from the request, so their number is bounded. Once the engine runs
 * ({@link #bind}): tokens issued by grant and the security events (refreshes, reuse detections,
 * revocations, login failures, lockouts), read at scrape time from counts core keeps anyway
 * (one {@code LongAdder} increment on the request path); the password-hash pool; HikariCP's own
 * pool metrics; {@code jeton_audit_events_dropped_total}, {@code jeton_revocations_held}, {@code
 * jeton_revocation_poll_age_seconds} and {@code jeton_purged_rows_total} by {@code kind}.
 */
final class Metrics implements AutoCloseable {
  private static final Map<String, String> TEXT =
      Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8", "Cache-Control", "no-store");

  private final CompletableFuture<Registry> ready;

  /** The registry and the GC binder that must be closed with it. */
  private record Registry(PrometheusMeterRegistry meters, JvmGcMetrics gc) {}

  /** Builds the registry on a background thread: it is a third of a second of class loading. */
  Metrics() {
    ready = CompletableFuture.supplyAsync(() -> {
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(meters);
      new JvmThreadMetrics().bindTo(meters);
      new ProcessorMetrics().bindTo(meters);
      new UptimeMetrics().bindTo(meters);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(meters);
      return new Registry(meters, gc);
    }, r -> {
      Thread t = new Thread(r, "jeton-metrics-init");
      t.setDaemon(true);
      t.start();
    });
  }

  /** The {@code dialect} label of the node's own endpoints (health, metrics, unknown paths). */
  static final String OWN = "jeton";
  /** The {@code dialect} label of the standard OAuth 2 endpoints and the browser pages. */
  static final String OAUTH2 = "oauth2";
  /**
   * The latency histogram's buckets: from a cached introspection (well under a millisecond) to a
   * login that waited for the hashing pool (seconds). Fixed, so that a series has 15 buckets
   * rather than Micrometer's 70-odd default percentile buckets.
   */
  static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  /** The timers of one route, one per status code, made on first use. */
  final class Route {
    private final String dialect;
    private final String endpoint;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    private Route(String dialect, String endpoint) {
      this.dialect = dialect;
      this.endpoint = endpoint;
    }

    /** The request log of the same endpoint (its names are the access line's). */
    RequestLog log() {
      return RequestLog.of(dialect, endpoint);
    }

    /** Records one request; requests answered while the registry is still being built are not counted. */
    void record(int status, long nanos) {
      Timer t = byStatus.get(status);
      if (t == null) {
        Registry r = ready.getNow(null);
        if (r == null) {
          return;
        }
        t = Timer.builder("jeton.http.requests").description("HTTP requests answered, by endpoint, dialect and status")
            .tag("endpoint", endpoint).tag("dialect", dialect).tag("status", Integer.toString(status))
            .serviceLevelObjectives(BUCKETS).register(r.meters());
        byStatus.set(status, t);
      }
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Registers the gauges and counters of the engine's bounded state, its domain counts, the
   * password-hash pool and the database pool.
   */
  void bind(Engine engine, Background background, PasswordHasher hasher, JdbcStores db) {
    ready.thenAccept(r -> {
      FunctionCounter.builder("jeton.audit.events.dropped", engine, Engine::auditEventsDropped)
          .description("audit events that could not be stored (queue full or store failure)").register(r.meters());
      Gauge.builder("jeton.revocations.held", engine, Engine::revocationsHeld)
          .description("unexpired revocations held in memory").register(r.meters());
      Gauge.builder("jeton.revocation.poll.age", background, b -> b.revocationAge().toMillis() / 1000.0)
          .baseUnit("seconds").description("time since the last successful revocation poll").register(r.meters());
      for (GrantType grant : GrantType.values()) {
        FunctionCounter.builder("jeton.tokens.issued", engine, e -> e.tokensIssued(grant))
            .tag("grant", grant.wire()).description("token responses given, by grant").register(r.meters());
      }
      for (AuditType type : AuditType.values()) {
        FunctionCounter.builder(eventMeter(type), engine, e -> e.auditEvents(type))
            .description(eventDescription(type)).register(r.meters());
      }
      Gauge.builder("jeton.password.hash.queue", hasher, PasswordHasher::queued)
          .description("password hashes waiting for a thread of the hashing pool").register(r.meters());
      Gauge.builder("jeton.password.hash.running", hasher, PasswordHasher::running)
          .description("password hashes running now").register(r.meters());
      Gauge.builder("jeton.password.hash.threads", hasher, PasswordHasher::threads)
          .description("threads of the password-hashing pool").register(r.meters());
      FunctionCounter.builder("jeton.password.hash.overloaded", hasher, PasswordHasher::overloaded)
          .description("logins answered 503 because the hashing queue was full or too slow").register(r.meters());
      FunctionCounter.builder("jeton.password.verifications", hasher, PasswordHasher::verifications)
          .description("stored password hashes checked").register(r.meters());
      // HikariCP's own tracker: hikaricp_connections_{active,idle,pending,max,min}, _timeout_total,
      // _acquire_seconds, _usage_seconds, _creation_seconds, tagged with the pool's name
      db.trackPool(new MicrometerMetricsTrackerFactory(r.meters()));
    });
  }

  /** The counter of one audit event type; a new type must be named here (the switch is exhaustive). */
  static String eventMeter(AuditType type) {
    return switch (type) {
      case LOGIN_OK -> "jeton.logins";
      case LOGIN_FAILED -> "jeton.login.failures";
      case REFRESH -> "jeton.refreshes";
      case REFRESH_REUSE_DETECTED -> "jeton.refresh.reuse.detections";
      case REFRESH_REPLAYED -> "jeton.refresh.replays";
      case REVOKE -> "jeton.revocations";
      case CLIENT_AUTH_FAILED -> "jeton.client.auth.failures";
      case LOCKOUT -> "jeton.lockouts";
      case ADMIN_ACTION -> "jeton.admin.actions";
    };
  }

  private static String eventDescription(AuditType type) {
    return switch (type) {
      case LOGIN_OK -> "successful user logins (any API, the login page included)";
      case LOGIN_FAILED -> "failed user logins: wrong password, unknown or locked user";
      case REFRESH -> "refresh tokens rotated";
      case REFRESH_REUSE_DETECTED -> "used refresh tokens presented again outside the grace window (session revoked)";
      case REFRESH_REPLAYED -> "just-used refresh tokens retried inside the realm's grace window";
      case REVOKE -> "revocations: tokens, sessions (also by the session cap and logout)";
      case CLIENT_AUTH_FAILED -> "failed client authentications";
      case LOCKOUT -> "usernames locked after repeated failed logins";
      case ADMIN_ACTION -> "changes made through the admin REST API";
    } + " (" + type.name().toLowerCase(Locale.ROOT) + " audit events)";
  }

  /** Counts what one purge round deleted. */
  void purged(Purged p) {
    Registry r = ready.getNow(null);
    if (r == null) {
      return;
    }
    purgedCounter(r, "session").increment(p.sessions());
    purgedCounter(r, "refresh_token").increment(p.refreshTokens());
    purgedCounter(r, "revocation").increment(p.revocations());
    purgedCounter(r, "audit_event").increment(p.auditEvents());
    purgedCounter(r, "signing_key").increment(p.signingKeys());
    Counter.builder("jeton.key.rotations").description("signing-key rotations made by the purge job's schedule")
        .register(r.meters()).increment(p.keyRotations());
  }

  private static Counter purgedCounter(Registry r, String kind) {
    return Counter.builder("jeton.purged.rows").tag("kind", kind).description("rows deleted by the purge job")
        .register(r.meters());
  }

  /** The timers of one of the node's own endpoints (dialect {@value #OWN}). */
  Route route(String endpoint) {
    return new Route(OWN, endpoint);
  }

  /** The timers of {@code endpoint} of {@code dialect}: both from the route table, never from a request. */
  Route route(String dialect, String endpoint) {
    return new Route(dialect, endpoint);
  }

  WireResponse scrape() {
    return new WireResponse(200, TEXT, ready.join().meters().scrape().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    ready.thenAccept(r -> {
      r.gc().close();
      r.meters().close();
    });
  }
}
