package io.jeton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/jeton}: the launcher's commands (SPEC section 5); parsing and wiring only, no protocol logic. */
@Command(name = "jeton", mixinStandardHelpOptions = true, version = "jeton 0.1.0",
    description = "Jeton, an OAuth 2 token service.",
    subcommands = {ServeCommand.class, ImportCommand.class, ExportCommand.class, RealmCommand.class,
        ClientCommand.class, UserCommand.class, SessionsCommand.class, KeysCommand.class, AuditCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with every configuration key added as a flag of each command that opens the
   * database (every command but {@code help} and the groups), and bad arguments reported in one
   * line with exit status 2 (SPEC 11).
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    addConfigFlags(cl);
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("jeton: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName()
          + " --help)");
      return ConfigFlags.INVALID;
    });
    return cl;
  }

  private static void addConfigFlags(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().findOption("--config") != null) {
        ConfigFlags.addTo(sub.getCommandSpec());
      }
      addConfigFlags(sub);
    }
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
