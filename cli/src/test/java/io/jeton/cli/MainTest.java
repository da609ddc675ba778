package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private static final List<String> ALL = List.of("serve", "import", "export", "realm", "client", "user", "sessions",
      "keys", "audit", "help");

  @Test
  void commandLine_namingACommand_buildsThatCommandAloneWithTheSameOptions() {
    CommandLine serve = Main.commandLine("serve", "--demo");
    assertThat(serve.getSubcommands().keySet()).containsExactly("serve");
    assertThat(serve.getSubcommands().get("serve").getUsageMessage(CommandLine.Help.Ansi.OFF))
        .isEqualTo(Main.commandLine().getSubcommands().get("serve").getUsageMessage(CommandLine.Help.Ansi.OFF))
        .contains("--db-url", "--data-dir", "--check");
    assertThat(Main.commandLine("user", "list").getSubcommands().get("user").getSubcommands()).containsKey("list");
  }

  @Test
  void commandLine_helpNothingOrATypo_buildsEveryCommand() {
    for (String[] args : new String[][] {{}, {"--help"}, {"help", "serve"}, {"serv"}, {"--version"}}) {
      assertThat(Main.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
          .containsExactlyElementsOf(ALL);
    }
  }

  @Test
  void noArguments_printsEveryCommand() {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(Main.commandLine().execute()).isZero();
    } finally {
      System.setOut(old);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve", "import", "sessions", "audit");
  }
}
