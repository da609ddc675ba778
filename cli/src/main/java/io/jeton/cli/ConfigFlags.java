package io.jeton.cli;

import io.jeton.server.config.ConfigLoader;
import io.jeton.server.config.ConfigOption;
import io.jeton.server.config.ConfigResult;
import io.jeton.server.config.ServerOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The configuration flags of {@code serve} and {@code import}: one per configuration key, derived
 * from its declaration ({@code db.poolSize} is {@code --db-pool-size}), so the CLI cannot miss a key.
 */
final class ConfigFlags {
  /** Exit status for invalid configuration or usage. */
  static final int INVALID = 2;

  private ConfigFlags() {}

  /** Adds one option per flag-able key to the command. */
  static void addTo(CommandSpec spec) {
    for (ConfigOption o : ServerOptions.ALL) {
      if (!o.hasFlag() || o == ServerOptions.IMPORTS) {
        continue;
      }
      OptionSpec.Builder b = OptionSpec.builder(o.flag())
          .type(String.class)
          .description(o.doc().replace("`", "") + " (" + o.envName() + ")")
          .paramLabel(o.kind() == ConfigOption.Kind.INT ? "N" : o.kind().name());
      if (o.kind() == ConfigOption.Kind.BOOL) {
        // boolean-typed, so that `--demo FILE` leaves FILE alone: only true/false is taken as a value
        b.type(Boolean.class).arity("0..1").fallbackValue("true").paramLabel("true|false");
      }
      spec.addOption(b.build());
    }
  }

  /** The raw values of the flags given on this command line, by key. */
  static Map<String, String> given(CommandSpec spec) {
    Map<String, String> out = new LinkedHashMap<>();
    var parsed = spec.commandLine().getParseResult();
    for (ConfigOption o : ServerOptions.ALL) {
      if (o.hasFlag() && o != ServerOptions.IMPORTS && parsed.hasMatchedOption(o.flag())) {
        out.put(o.key(), String.valueOf((Object) parsed.matchedOption(o.flag()).getValue()));
      }
    }
    return out;
  }

  /** Loads configuration from the file, the environment and these flags. */
  static ConfigResult load(Optional<Path> file, Map<String, String> flags, List<Path> imports) {
    return ConfigLoader.load(file, System.getenv(), flags, imports);
  }

  /** Prints every problem, one a line. */
  static void report(List<String> problems, PrintStream err) {
    err.println("jeton: invalid configuration, " + problems.size()
        + (problems.size() == 1 ? " problem:" : " problems:"));
    for (String p : problems) {
      err.println("  - " + p);
    }
    err.println("See docs/configuration.md for every key.");
  }
}
