package io.jeton.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A committed fuzz corpus: a test-resources directory of interesting inputs, one raw file each
 * (valid requests to mutate, and every input a fuzz run found a bug with). The fuzz tests replay
 * every entry and mutate them; the files are read in name order, so a run is deterministic.
 */
public final class FuzzCorpus {
  private FuzzCorpus() {}

  /** One corpus file: its name and its bytes. */
  public record Entry(String name, byte[] bytes) {
    @Override
    public String toString() {
      return name + ": " + Fuzz.show(bytes);
    }
  }

  /** The entries of resource directory {@code dir} (for example {@code fuzz/form}) on the test class path. */
  public static List<Entry> load(String dir) {
    URL url = Thread.currentThread().getContextClassLoader().getResource(dir);
    if (url == null) {
      throw new IllegalStateException("no fuzz corpus '" + dir + "' on the class path");
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      List<Entry> entries = files.filter(Files::isRegularFile).sorted()
          .map(p -> new Entry(p.getFileName().toString(), read(p))).toList();
      if (entries.isEmpty()) {
        throw new IllegalStateException("fuzz corpus '" + dir + "' is empty");
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
