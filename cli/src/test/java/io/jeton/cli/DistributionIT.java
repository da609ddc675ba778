package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.crypto.MasterKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 11 distribution: {@code jeton-<version>.tar.gz}, built by {@code package}, unpacked into an
 * empty directory far from the repository and run with nothing but a JDK: a scrubbed environment
 * whose {@code PATH} holds the JDK's {@code bin} and the system directories only. Runs after
 * {@code package} (failsafe).
 */
class DistributionIT {
  private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");
  private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

  /** One unpacked copy for both tests (its first start makes the launcher's training start). */
  @TempDir static Path unpacked;
  private static Path home;
  @TempDir Path dir;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball;
    try (Stream<Path> s = Files.list(TARGET)) {
      tarball = s.filter(p -> p.getFileName().toString().matches("jeton-.+\\.tar\\.gz")).findFirst()
          .orElseThrow(() -> new AssertionError("no jeton-<version>.tar.gz in " + TARGET));
    }
    Path copy = Files.copy(tarball, unpacked.resolve(tarball.getFileName()));
    Process tar = new ProcessBuilder("tar", "-xzf", copy.toString()).directory(unpacked.toFile()).inheritIO()
        .start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).as("tar -xzf").isTrue();
    String name = tarball.getFileName().toString().replace(".tar.gz", "");
    home = unpacked.resolve(name);
    assertThat(home.resolve("bin/jeton")).isExecutable();
    assertThat(home.resolve("jeton.jar")).isRegularFile();
    assertThat(home.resolve("jeton.yaml")).isRegularFile();
    assertThat(home.resolve("mvnw")).doesNotExist();
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("jeton-server-"))
          .anyMatch(n -> n.startsWith("helidon-webserver-"));
    }
  }

  @BeforeEach
  void runDirectory() throws IOException {
    Files.createDirectories(dir.resolve("run"));
  }

  /** {@code bin/jeton ARGS} in {@code run/}, with only PATH (the JDK, /usr/bin, /bin), HOME, TMPDIR, LANG and {@code env}. */
  private Process jeton(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=" + JDK_BIN + ":/usr/bin:/bin",
        "HOME=" + dir, "TMPDIR=" + dir, "LANG=C.UTF-8"));
    env.forEach((k, v) -> command.add(k + "=" + v));
    command.add(home.resolve("bin/jeton").toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.resolve("run").toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("run/output.txt").toFile()).start();
  }

  private String output() throws IOException {
    return Files.readString(dir.resolve("run/output.txt"));
  }

  @Test
  void unpackedTarball_onlyAJdk_serveDemoAnswersClientCredentials() throws Exception {
    int port = ChildJeton.freePort();
    Process p = jeton(Map.of(), "serve", "--demo", "--port", Integer.toString(port));
    try {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!output().contains("jeton listening on http://127.0.0.1:" + port)) {
        assertThat(p.isAlive()).as("still running; output:\n%s", output()).isTrue();
        assertThat(System.nanoTime()).as("started in time; output:\n%s", output()).isLessThan(end);
        Thread.sleep(100);
      }
      String secret = Files.readString(dir.resolve("run/data/demo-client.secret")).trim();
      HttpResponse<String> r = ChildJeton.post("http://127.0.0.1:" + port + "/realms/demo/oauth2/token",
          "demo-client", secret, Map.of("grant_type", "client_credentials"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(ChildJeton.json(r).get("access_token").textValue()).isNotEmpty();
      assertThat(output()).doesNotContain("building cli/target/jeton.jar");
    } finally {
      p.destroy(); // SIGTERM: the shutdown hook stops the server
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
    }
  }

  @Test
  void sampleConfiguration_startsAndStops() throws Exception {
    Files.copy(home.resolve("jeton.yaml"), dir.resolve("run/jeton.yaml"));
    Process p = jeton(Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64()), "serve", "--config",
        "jeton.yaml", "--check", "--port", "0", "--host", "127.0.0.1");
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("ended").isTrue();
    assertThat(p.exitValue()).as(output()).isZero();
    assertThat(output()).contains("imported realm 'acme': 1 clients, 0 users", "started and stopped cleanly");
  }
}
