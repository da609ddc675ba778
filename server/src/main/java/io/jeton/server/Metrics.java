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
import java.util.concurrent.CompletableFuture;
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
