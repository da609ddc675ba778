package io.jeton.cli;

import io.jeton.core.admin.RealmImport;
import io.jeton.server.config.ConfigResult;
import io.jeton.server.config.LoadedConfig;
import io.jeton.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/jeton import FILE}: applies realms, clients and users to the configured database
 * without serving, idempotently (SPEC section 5), whether a server runs on it or not ({@link
 * Operator}).
 */
@Command(name = "import", sortOptions = false,
    description = "Import realms, clients and users from YAML files into the configured database, idempotently.")
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "YAML files with a realms: list (SPEC section 5).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML configuration file (database, master key).")
  Path config;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    ConfigResult result = ConfigFlags.load(Optional.ofNullable(config), ConfigFlags.given(spec), files);
    if (result instanceof ConfigResult.Invalid(List<String> problems)) {
      ConfigFlags.report(problems, System.err);
      return ConfigFlags.INVALID;
    }
    LoadedConfig loaded = ((ConfigResult.Ok) result).config();
    ServerConfig c = loaded.server();
    try (Operator op = Operator.open(c)) {
      for (RealmImport realm : loaded.realms()) {
        op.engine.admin().importRealm(realm);
        if (!json) {
          System.out.println("imported realm '" + realm.realm().name() + "': " + realm.clients().size()
              + " clients, " + realm.users().size() + " users");
        }
      }
      if (json) {
        System.out.println(new String(io.jeton.dialect.wire.Json.object(g -> {
          g.writeArrayFieldStart("imported");
          for (RealmImport realm : loaded.realms()) {
            g.writeStartObject();
            g.writeStringField("realm", realm.realm().name().value());
            g.writeNumberField("clients", realm.clients().size());
            g.writeNumberField("users", realm.users().size());
            g.writeEndObject();
          }
          g.writeEndArray();
        }), java.nio.charset.StandardCharsets.UTF_8));
      }
      return 0;
    } catch (io.jeton.core.admin.AdminFailure e) {
      System.err.println("jeton: import: " + e.getMessage());
      return ConfigFlags.INVALID;
    } catch (RuntimeException e) {
      Operator.explain("import", e, System.err);
      return 1;
    }
  }
}
