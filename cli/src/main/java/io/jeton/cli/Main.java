package io.jeton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/jeton}: the launcher's commands (SPEC section 5); parsing and wiring only, no protocol logic. */
@Command(name = "jeton", mixinStandardHelpOptions = true, version = "jeton 0.1.0",
    description = "Jeton, an OAuth 2 token service.",
    subcommands = {ServeCommand.class, ImportCommand.class, UserCommand.class, KeysCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with every configuration key added as a flag of {@code serve}, {@code import},
   * {@code user unlock} and {@code keys list|rotate}.
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    ConfigFlags.addTo(cl.getSubcommands().get("serve").getCommandSpec());
    ConfigFlags.addTo(cl.getSubcommands().get("import").getCommandSpec());
    UserCommand.addConfigFlags(cl.getSubcommands().get("user"));
    KeysCommand.addConfigFlags(cl.getSubcommands().get("keys"));
    return cl;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** A one-line cause for the operator: the messages down the cause chain, never a stack trace. */
  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (out.indexOf(m) < 0) {
        out.append(out.isEmpty() ? "" : ": ").append(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out.toString();
  }
}
