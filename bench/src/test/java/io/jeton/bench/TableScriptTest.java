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
 * bench/table.sh, which draws the one table of bench/run.sh, on made-up result dirs
 * (bench/table-test.sh): each Jeton run is compared to the best peer with a valid run of the
 * path, a scenario a peer lacks is n/a, and one Keycloak as the only peer still reads "/ Keycloak".
 */
class TableScriptTest {
  @Test
  void tableScript_madeUpResultDirs_ratioIsToTheBestValidPeer() throws Exception {
    Path script = Path.of("table-test.sh").toAbsolutePath();
    assumeTrue(Files.isRegularFile(script), "runs from the bench module's directory");
    assumeTrue(onPath("bash") && onPath("jq"), "needs bash and jq");
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("table-test.sh ends within 60 s").isTrue();
    assertThat(out).isEqualTo("ok\n");
    assertThat(p.exitValue()).isZero();
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "command -v " + command).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
