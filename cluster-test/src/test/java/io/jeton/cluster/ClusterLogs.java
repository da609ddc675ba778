package io.jeton.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Where a cluster test keeps its nodes' files ({@code target/cluster-logs/<class>/<method>}), and,
 * when the test fails, the end of each node's log on stderr (so CI's output shows why).
 */
final class ClusterLogs implements TestWatcher {
  static final int TAIL_LINES = 150;
  private final List<Node> watched = new CopyOnWriteArrayList<>();
  private final List<String> notes = new CopyOnWriteArrayList<>();

  /** A fresh, empty directory for {@code test}'s files. */
  static Path dir(Class<?> test, String method) {
    Path dir = Path.of(System.getProperty("jeton.clusterLogs", "target/cluster-logs"), test.getSimpleName(), method)
        .toAbsolutePath();
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> old = Files.walk(dir)) {
          old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Cluster watch(Cluster cluster) {
    watched.addAll(cluster.nodes());
    return cluster;
  }

  /** Something else to print on failure: a private PostgreSQL's log, say. */
  void note(String text) {
    notes.add(text);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    StringBuilder out = new StringBuilder();
    for (Node n : watched) {
      List<String> lines = n.output().lines().toList();
      out.append("\n===== ").append(n).append(", ").append(n.log()).append(", last ")
          .append(Math.min(TAIL_LINES, lines.size())).append(" of ").append(lines.size()).append(" lines\n");
      lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()).forEach(l -> out.append(l).append('\n'));
    }
    notes.forEach(n -> out.append("\n===== ").append(n).append('\n'));
    System.err.println(out);
  }
}
