package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The curl example of docs/admin-api.md ("Calling it"), run as it is against a real node. */
class AdminApiDocExampleTest {
  @Test
  void callingItExample_getsAnAdminTokenAndCallsTheRoutes() throws IOException, InterruptedException {
    String md = Files.readString(Path.of("..", "docs", "admin-api.md"));
    int section = md.indexOf("## Calling it");
    int start = md.indexOf("```sh\n", section) + "```sh\n".length();
    String script = md.substring(start, md.indexOf("```", start));
    assertThat(script).contains("grant_type=client_credentials", "scope=jeton:admin", "Authorization: Bearer");

    try (AdminFixture admin = AdminFixture.start()) {
      String run = "set -eu\nSECRET=ops-secret\n" + script.replace("J=http://localhost:8080", "J=" + admin.node.base());
      Process p = new ProcessBuilder("bash", "-c", run).redirectErrorStream(true).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("\"name\":\"acme\"").contains("\"secret\":").contains("\"revoked\":");
      assertThat(out).doesNotContain("problem");
    }
  }
}
