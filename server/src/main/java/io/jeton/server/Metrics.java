package io.jeton.server;

import io.jeton.core.Engine;
import io.jeton.core.lifecycle.Purged;
import io.jeton.dialect.wire.WireResponse;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node's metrics in Prometheus text format at {@code /metrics} (SPEC section 5): one timer per
 * route and status ({@code jeton_http_requests_seconds}), plus JVM and process gauges. Recording
 * costs an array read and a few atomic adds per request. Once the engine runs ({@link #bind}):
 * {@code jeton_audit_events_dropped_total} (audit events not stored: never silently, SPEC 4),
 * {@code jeton_revocations_held} (the bounded revocation view), {@code
 * jeton_revocation_poll_age_seconds} (staleness, review H5) and {@code jeton_purged_rows_total} by
 * {@code kind} (the purge job).
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

  /** The timers of one route, one per status code, made on first use. */
  final class Route {
    private final String name;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    private Route(String name) {
      this.name = name;
    }

    /** Records one request; requests answered while the registry is still being built are not counted. */
    void record(int status, long nanos) {
      Timer t = byStatus.get(status);
      if (t == null) {
        Registry r = ready.getNow(null);
        if (r == null) {
          return;
        }
        t = Timer.builder("jeton.http.requests").tag("route", name).tag("status", Integer.toString(status))
            .register(r.meters());
        byStatus.set(status, t);
      }
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Registers the gauges and counters of the engine's bounded state and background work. */
  void bind(Engine engine, Background background) {
    ready.thenAccept(r -> {
      FunctionCounter.builder("jeton.audit.events.dropped", engine, Engine::auditEventsDropped)
          .description("audit events that could not be stored (queue full or store failure)").register(r.meters());
      Gauge.builder("jeton.revocations.held", engine, Engine::revocationsHeld)
          .description("unexpired revocations held in memory").register(r.meters());
      Gauge.builder("jeton.revocation.poll.age", background, b -> b.revocationAge().toMillis() / 1000.0)
          .baseUnit("seconds").description("time since the last successful revocation poll").register(r.meters());
    });
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

  Route route(String name) {
    return new Route(name);
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
