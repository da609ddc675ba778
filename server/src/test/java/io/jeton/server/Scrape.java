package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.hawkular.agent.prometheus.types.Summary;

/**
 * One {@code /metrics} answer as Prometheus reads it: parsed by a Prometheus text-format parser
 * (Hawkular's port of the Python client's), never by regular expressions; families by name.
 */
final class Scrape {
  final Map<String, MetricFamily> families = new LinkedHashMap<>();

  private Scrape() {}

  static Scrape parse(String text) {
    Scrape s = new Scrape();
    TextPrometheusMetricDataParser parser =
        new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    try {
      for (MetricFamily f; (f = parser.parse()) != null; ) {
        assertThat(s.families.put(f.getName(), f)).as("family %s appears once", f.getName()).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the parser skips lines it cannot read: every sample line must have landed in a family
    long samples = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    long parsed = s.families.values().stream().mapToLong(Scrape::sampleLines).sum();
    assertThat(parsed).as("every sample line was parsed").isEqualTo(samples);
    return s;
  }

  private static long sampleLines(MetricFamily f) {
    return f.getMetrics().stream().mapToLong(m -> switch (m) {
      case Histogram h -> h.getBuckets().size() + 2;
      case Summary q -> q.getQuantiles().size() + 2;
      default -> 1;
    }).sum();
  }

  MetricFamily family(String name, MetricType type) {
    MetricFamily f = families.get(name);
    assertThat(f).as("metric family %s in %s", name, families.keySet()).isNotNull();
    assertThat(f.getType()).as("type of %s", name).isEqualTo(type);
    return f;
  }

  /** The one metric of the family whose labels include {@code labels} (name, value, ...). */
  Metric metric(String name, MetricType type, String... labels) {
    Map<String, String> want = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      want.put(labels[i], labels[i + 1]);
    }
    List<Metric> found = family(name, type).getMetrics().stream()
        .filter(m -> m.getLabels().entrySet().containsAll(want.entrySet())).toList();
    assertThat(found).as("%s%s among %s", name, want, family(name, type).getMetrics()).hasSize(1);
    return found.get(0);
  }

  double counter(String name, String... labels) {
    return ((Counter) metric(name, MetricType.COUNTER, labels)).getValue();
  }

  double gauge(String name, String... labels) {
    return ((Gauge) metric(name, MetricType.GAUGE, labels)).getValue();
  }

  Histogram histogram(String name, String... labels) {
    return (Histogram) metric(name, MetricType.HISTOGRAM, labels);
  }
}
