package io.jeton.cli;

import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.user.PasswordHasher;
import io.jeton.server.config.ConfigResult;
import io.jeton.server.config.LoadedConfig;
import io.jeton.server.config.ServerConfig;
import io.jeton.store.jdbc.JdbcStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
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
 * without serving, idempotently (SPEC section 5). An embedded H2 file is locked by a running
 * server, so import into it while it is stopped, or use {@code serve --import}.
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

  @Override
  public Integer call() {
    ConfigResult result = ConfigFlags.load(Optional.ofNullable(config), ConfigFlags.given(spec), files);
    if (result instanceof ConfigResult.Invalid(List<String> problems)) {
      ConfigFlags.report(problems, System.err);
      return ConfigFlags.INVALID;
    }
    LoadedConfig loaded = ((ConfigResult.Ok) result).config();
    ServerConfig c = loaded.server();
    try {
      MasterKey key = masterKey(c);
      try (JdbcStores db = JdbcStores.open(c.effectiveDbUrl(), c.dbUser(), c.dbPassword(), 2);
          Engine engine = new Engine(EngineSettings.of(c.effectivePublicUrl(c.port())), db.stores(), key,
              new PasswordHasher(c.argon2(), PasswordHasher.threadsFor(c.hashThreads(), c.argon2(),
                  Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors()), 1024), InstantSource.system())) {
        Directory directory = new Directory(engine);
        for (RealmImport realm : loaded.realms()) {
          directory.apply(realm);
          System.out.println("imported realm '" + realm.realm().name() + "': " + realm.clients().size()
              + " clients, " + realm.users().size() + " users");
        }
      }
      return 0;
    } catch (RuntimeException e) {
      String why = Main.describe(e);
      System.err.println("jeton: import failed: " + why);
      if (why.contains("already in use") || why.contains("file is locked")) {
        System.err.println(
            "jeton: a running server holds the embedded database: stop it first, or use serve --import");
      }
      return 1;
    }
  }

  /** The configured key; in demo mode the one {@code serve --demo} generated into the data directory. */
  private static MasterKey masterKey(ServerConfig c) {
    Optional<Path> file = c.masterKeyFile();
    if (c.masterKey().isPresent()) {
      return MasterKey.fromBase64(c.masterKey().get());
    }
    if (file.isEmpty() && c.demo()) {
      file = Optional.of(c.dataDir().resolve("master.key"));
      if (!Files.exists(file.get())) {
        throw new IllegalStateException(
            "no demo master key in " + c.dataDir() + ": run `bin/jeton serve --demo` once");
      }
    }
    try {
      return MasterKey.fromBase64(Files.readString(file.orElseThrow(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the master key file " + file.get() + ": " + e, e);
    }
  }
}
