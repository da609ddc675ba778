package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code bin/jeton} as a child process on this test's classpath, so tests can kill it with
 * SIGKILL and read its output and exit status; plus small HTTP helpers.
 */
final class ChildJeton implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();

  private ChildJeton(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("(output closed: " + e + ")");
      }
    }, "child-jeton-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code io.jeton.cli.Main args}, stdout and stderr merged, with only {@code env} of JETON_*. */
  static ChildJeton start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(launcher());
    command.addAll(List.of(args));
    return run(env, command);
  }

  /** The command that starts {@code io.jeton.cli.Main} on this test's JVM and classpath. */
  static List<String> launcher() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.jeton.cli.Main");
  }

  /** Runs any command, stdout and stderr merged, with only {@code env} of JETON_*. */
  static ChildJeton run(Map<String, String> env, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("JETON_"));
    pb.environment().putAll(env);
    try {
      return new ChildJeton(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a line containing {@code text}; fails with the output so far when it does not come. */
  String await(String text, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    boolean lastLook = false;
    while (true) {
      for (String line : lines) {
        if (line.contains(text)) {
          return line;
        }
      }
      if (lastLook || System.nanoTime() > end) {
        break;
      }
      lastLook = !process.isAlive();
      Thread.sleep(lastLook ? 200 : 20);
    }
    throw new AssertionError("no line with '" + text + "' within " + timeout + "; output:\n" + output());
  }

  /** Waits for the process to end and returns its exit status. */
  int exitCode(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("process ended").isTrue();
    Thread.sleep(100);
    return process.exitValue();
  }

  String output() {
    return String.join("\n", lines);
  }

  /** SIGKILL: no shutdown hook, no flush, no close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
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

  /** A form POST with HTTP Basic client authentication. */
  static HttpResponse<String> post(String url, String clientId, String secret, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret))
        .getBytes(StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
