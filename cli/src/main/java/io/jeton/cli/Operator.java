package io.jeton.cli;

import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.user.PasswordHasher;
import io.jeton.server.config.ServerConfig;
import io.jeton.store.jdbc.JdbcStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

/**
 * What an operator's command works through: the configured database and an engine on it, without
 * a listener. On an embedded H2 file that a running server holds, the database is reached through
 * the server's loopback listener ({@link JdbcStores#openBeside}, docs/cli.md).
 */
final class Operator implements AutoCloseable {
  final JdbcStores db;
  final Engine engine;

  private Operator(JdbcStores db, Engine engine) {
    this.db = db;
    this.engine = engine;
  }

  static Operator open(ServerConfig c) {
    MasterKey key = masterKey(c);
    JdbcStores db = JdbcStores.openBeside(c.effectiveDbUrl(), c.dbUser(), c.dbPassword(), 2,
        c.lifecycle().changeNotices());
    try {
      return new Operator(db, new Engine(EngineSettings.of(c.effectivePublicUrl(c.port())), db.stores(), key,
          new PasswordHasher(c.argon2(), PasswordHasher.threadsFor(c.hashThreads(), c.argon2(),
              Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors()), 1024),
          InstantSource.system()));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Reports a failure of command {@code what} in one line, with the hint for a locked embedded database. */
  static void explain(String what, RuntimeException e, PrintStream err) {
    String why = Main.describe(e);
    err.println("jeton: " + what + " failed: " + why);
    if (why.contains("already in use") || why.contains("file is locked")) {
      err.println("jeton: another process holds the embedded database and publishes no listener (a server of"
          + " an older version, or another command): stop it first");
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

  @Override
  public void close() {
    engine.close();
    db.close();
  }
}
