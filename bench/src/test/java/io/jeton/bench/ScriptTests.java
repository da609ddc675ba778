package io.jeton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs one of bench/'s own script tests ({@code *-test.sh}), which prints {@code ok} when it passes. */
final class ScriptTests {
  private ScriptTests() {}

  /** Runs {@code script} (in the bench module's directory) if {@code commands} are installed; it must print ok. */
  static void runPrintsOk(String script, int timeoutSeconds, String... commands) throws Exception {
    Path file = Path.of(script).toAbsolutePath();
    assumeTrue(Files.isRegularFile(file), "runs from the bench module's directory");
    for (String command : commands) {
      assumeTrue(onPath(command), "needs " + command);
    }
    Process p = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as(script + " ends within " + timeoutSeconds + " s")
        .isTrue();
    assertThat(out).isEqualTo("ok\n");
    assertThat(p.exitValue()).isZero();
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "command -v " + command).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
