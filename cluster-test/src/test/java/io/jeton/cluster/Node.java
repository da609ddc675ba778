package io.jeton.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Jeton node: {@code java -jar cli/target/jeton.jar serve --config FILE --port N} as a child
 * process on a free loopback port, its stdout and stderr in one log file. {@link #kill} is SIGKILL
 * (no shutdown hook, no drain, no close), {@link #stop} SIGTERM.
 */
final class Node implements AutoCloseable {
  /** Starting a JVM and migrating the schema on a loaded 2-core machine can take this long. */
  static final Duration START = Duration.ofSeconds(90);
  private static final String LISTENING = "jeton listening on http://";

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private Node(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts the node; call {@link #awaitListening} before sending it requests. */
  static Node start(String name, Path config, Path dataDir, Map<String, String> env, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // small and quick to start: three of these share two cores with the test and the database
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar().toString(), "serve", "--config", config.toString(), "--port", Integer.toString(port),
        "--data-dir", dataDir.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("JETON_"));
    pb.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      return new Node(name, port, log, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar the cli module packages (its manifest puts lib/*.jar on the class path). */
  static Path jar() {
    Path jar = Path.of(System.getProperty("jeton.jar", "../cli/target/jeton.jar")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: run the cluster tests through the reactor's package "
          + "phase or later (bin/test -pl cluster-test -am), which builds it first");
    }
    return jar;
  }

  /** Waits for the node's "jeton listening on" line; fails with its log when it does not come. */
  void awaitListening() throws InterruptedException {
    long end = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < end) {
      if (output().contains(LISTENING)) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("node " + name + " did not start within " + START + " (alive: " + process.isAlive()
        + "); its log:\n" + output());
  }

  String name() {
    return name;
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("node " + name + " survived SIGKILL for 30 s");
    }
  }

  /** SIGTERM: a graceful stop, then SIGKILL if it takes more than 15 s. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      kill();
    }
  }

  Path log() {
    return log;
  }

  /** Everything the node printed so far. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "node " + name + " (port " + port + ")";
  }
}
