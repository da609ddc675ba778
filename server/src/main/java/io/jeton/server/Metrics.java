package io.jeton.server;

import io.jeton.dialect.wire.WireResponse;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node's metrics in Prometheus text format at {@code /metrics} (SPEC section 5): one timer per
 * route and status ({@code jeton_http_requests_seconds}), plus JVM and process gauges. Recording
 * costs an array read and a few atomic adds per request.
 */
final class Metrics implements AutoCloseable {
  private static final Map<String, String> TEXT =
      Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8", "Cache-Control", "no-store");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** The timers of one route, one per status code, made on first use. */
  final class Route {
    private final String name;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    private Route(String name) {
      this.name = name;
    }

    void record(int status, long nanos) {
      Timer t = byStatus.get(status);
      if (t == null) {
        t = Timer.builder("jeton.http.requests").tag("route", name).tag("status", Integer.toString(status))
            .register(registry);
        byStatus.set(status, t);
      }
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  Route route(String name) {
    return new Route(name);
  }

  WireResponse scrape() {
    return new WireResponse(200, TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
