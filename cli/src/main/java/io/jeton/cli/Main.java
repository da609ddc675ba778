package io.jeton.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bin/jeton}: the launcher's commands (SPEC section 5); parsing and wiring only, no protocol logic. */
@Command(name = "jeton", mixinStandardHelpOptions = true, version = "jeton 0.1.0",
    description = "Jeton, an OAuth 2 token service.")
public final class Main implements Runnable {
  /**
   * The subcommands, in the order {@code jeton --help} lists them. Not in {@code @Command}: picocli
   * builds every declared subcommand (reflection over each option of each command, and every
   * configuration key as a flag of most), which took a quarter of a second of CPU on every start.
   */
  static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, ImportCommand.class, ExportCommand.class,
      RealmCommand.class, ClientCommand.class, UserCommand.class, SessionsCommand.class, KeysCommand.class,
      AuditCommand.class, CommandLine.HelpCommand.class);

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The command line for these arguments: when the first names a command ({@code serve ...}), with
   * that command alone, parsed exactly as in the whole tree; otherwise ({@code --help}, {@code help
   * serve}, a typo) the whole tree, so that the help lists every command and a typo gets suggestions.
   */
  static CommandLine commandLine(String... args) {
    if (args.length > 0) {
      for (Class<?> c : COMMANDS) {
        if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
          return withFlags(tree(List.of(c)));
        }
      }
    }
    return commandLine();
  }

  /**
   * The command line with every configuration key added as a flag of each command that opens the
   * database (every command but {@code help} and the groups), and bad arguments reported in one
   * line with exit status 2 (SPEC 11).
   */
  static CommandLine commandLine() {
    return withFlags(tree(COMMANDS));
  }

  /** Every command, without the configuration flags: what {@code docs/cli.md} shows. */
  static CommandLine tree() {
    return tree(COMMANDS);
  }

  private static CommandLine tree(List<Class<?>> commands) {
    CommandLine cl = new CommandLine(new Main());
    for (Class<?> c : commands) {
      cl.addSubcommand(c);
    }
    return cl;
  }

  private static CommandLine withFlags(CommandLine cl) {
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

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
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
