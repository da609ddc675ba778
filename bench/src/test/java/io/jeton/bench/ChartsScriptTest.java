package io.jeton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bench/charts.sh, which draws the PNGs of bench/scale.sh, on made-up data files
 * (bench/charts-test.sh): each of sessions, realms, concurrency and tokens gives its chart, and the
 * line through the means is the mean over rounds per size, per store.
 */
class ChartsScriptTest {
  @Test
  void chartsScript_madeUpDataFiles_drawEveryChartThroughTheMeans() throws Exception {
    Path script = Path.of("charts-test.sh").toAbsolutePath();
    assumeTrue(Files.isRegularFile(script), "runs from the bench module's directory");
    assumeTrue(onPath("bash") && onPath("awk") && onPath("gnuplot"), "needs bash, awk and gnuplot");
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("charts-test.sh ends within 120 s").isTrue();
    assertThat(out).isEqualTo("ok\n");
    assertThat(p.exitValue()).isZero();
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "command -v " + command).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
