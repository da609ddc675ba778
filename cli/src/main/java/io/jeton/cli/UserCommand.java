package io.jeton.cli;

import io.jeton.core.lockout.Unlock;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.wire.Json;
import io.jeton.server.config.ConfigResult;
import io.jeton.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/jeton user ...} (SPEC 11): so far {@code unlock}; the rest comes with the full CLI. */
@Command(name = "user", description = "Users of a realm.", subcommands = UserCommand.UnlockUser.class)
final class UserCommand implements Runnable {
  /** SPEC 11: an unknown realm, client or user. */
  static final int UNKNOWN = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code user unlock --realm R USERNAME}: lifts the brute-force lock (SPEC 7) and forgets the failures. */
  @Command(name = "unlock", sortOptions = false,
      description = "Lift a user's brute-force lockout and forget its failed logins (SPEC 7).")
  static final class UnlockUser implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--realm", paramLabel = "R", required = true, description = "The user's realm.")
    String realm;

    @Parameters(paramLabel = "USERNAME", description = "The user to unlock.")
    String username;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (database, master key).")
    Path config;

    @Override
    public Integer call() {
      ConfigResult result = ConfigFlags.load(Optional.ofNullable(config), ConfigFlags.given(spec), List.of());
      if (result instanceof ConfigResult.Invalid(List<String> problems)) {
        ConfigFlags.report(problems, System.err);
        return ConfigFlags.INVALID;
      }
      ServerConfig c = ((ConfigResult.Ok) result).config().server();
      try (Operator op = Operator.open(c)) {
        Optional<Realm> r = op.engine.realm(realm);
        if (r.isEmpty()) {
          System.err.println("jeton: no realm '" + realm + "'");
          return UNKNOWN;
        }
        Unlock done = op.engine.unlockUser(r.get(), username);
        if (done == Unlock.NO_SUCH_USER) {
          System.err.println("jeton: no user '" + username + "' in realm '" + realm + "'");
          return UNKNOWN;
        }
        boolean wasCounted = done == Unlock.LIFTED;
        System.out.println(json
            ? new String(Json.object(g -> {
              g.writeStringField("realm", realm);
              g.writeStringField("username", username);
              g.writeBooleanField("hadFailures", wasCounted);
            }), StandardCharsets.UTF_8)
            : wasCounted ? "unlocked user '" + username + "' in realm '" + realm + "'"
                : "user '" + username + "' in realm '" + realm + "' had no failed logins to forget");
        return 0;
      } catch (RuntimeException e) {
        Operator.explain("user unlock", e, System.err);
        return 1;
      }
    }
  }

  /** The command with every configuration key added as a flag of {@code unlock}. */
  static void addConfigFlags(CommandLine user) {
    ConfigFlags.addTo(user.getSubcommands().get("unlock").getCommandSpec());
  }
}
