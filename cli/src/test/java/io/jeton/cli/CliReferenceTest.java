package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliReferenceTest {
  @Test
  void docsCli_matchesTheCommandsUsageHelp() throws IOException {
    assertThat(Files.readString(Path.of("..", "docs", "cli.md")))
        .as("docs/cli.md is out of date: run java -cp cli/target/jeton.jar io.jeton.cli.CliReference docs/cli.md")
        .isEqualTo(CliReference.render());
  }

  @Test
  void render_showsEveryCommandOfSpec11() {
    String md = CliReference.render();
    for (String c : new String[] {"jeton realm create", "jeton realm list", "jeton realm show", "jeton realm delete",
        "jeton client create", "jeton client list", "jeton client show", "jeton client delete",
        "jeton client rotate-secret", "jeton user create", "jeton user list", "jeton user show", "jeton user delete",
        "jeton user set-password", "jeton user unlock", "jeton sessions list", "jeton sessions revoke",
        "jeton keys list", "jeton keys rotate", "jeton audit", "jeton export", "jeton import"}) {
      assertThat(md).contains("## `" + c + "`");
    }
  }
}
