package io.jeton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
  @Test
  void docsConfiguration_matchesDeclarations() throws IOException {
    Path doc = Path.of("..", "docs", "configuration.md");

    assertThat(Files.readString(doc))
        .as("docs/configuration.md is out of date: run "
            + "java -cp cli/target/jeton.jar io.jeton.server.config.ConfigReference docs/configuration.md")
        .isEqualTo(ConfigReference.render());
  }

  @Test
  void render_listsEveryKeyWithEnvironmentVariable() {
    String md = ConfigReference.render();

    for (ConfigOption o : ServerOptions.ALL) {
      assertThat(md).contains(o == ServerOptions.DEMO ? "| `demo` | (none: flag only) | `--demo` |"
          : "| `" + o.key() + "` | `" + o.envName() + "` |");
    }
  }
}
