package io.jeton.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs an outside program (node, npm, nginx) bounded in time, output captured. */
final class Processes {
  private Processes() {}

  /** What a finished program said. */
  record Result(int exitCode, String output) {}

  /** The first of {@code candidates} that is an executable file, or is found on the PATH. */
  static Optional<Path> find(String... candidates) {
    for (String c : candidates) {
      if (c.contains("/")) {
        Path p = Path.of(c);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
        continue;
      }
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, c);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Runs to the end, stdin from {@code input}, stdout and stderr together; killed after {@code limit}. */
  static Result run(Path dir, Duration limit, String input, List<String> command) {
    Path out = null;
    Process p = null;
    try {
      out = Files.createTempFile("jeton-interop", ".out");
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      try (var stdin = p.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(command + " did not finish in " + limit + ":\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file
        }
      }
    }
  }
}
