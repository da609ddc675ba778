package io.jeton.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands (SPEC 11) on the embedded H2 file. */
class AdminCommandsH2Test extends AdminCommandsContract {
  @TempDir static Path dir;
  private static Cli cli;

  @Override
  Cli cli() {
    if (cli == null) {
      cli = Cli.on(dir, "", "");
    }
    return cli;
  }
}
