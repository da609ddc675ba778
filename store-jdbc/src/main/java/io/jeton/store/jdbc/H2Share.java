package io.jeton.store.jdbc;

import io.jeton.core.crypto.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.engine.ConnectionInfo;
import org.h2.tools.Server;

/**
 * Lets {@code bin/jeton} commands work on an embedded H2 file that a running server holds (H2 lets
 * one process open a file; SPEC 11 wants the CLI to work whether a server runs or not). The server
 * keeps its database in process, exactly as before, and also starts an H2 TCP listener on a random
 * loopback port that answers for this one database only, under a random key (H2's {@code -key});
 * it writes where and which key to {@code <database>.tcp} beside the file, readable by its owner
 * only, and deletes it on close. A command that finds the file locked reads that file and reaches
 * the same database through the listener ({@link #remoteUrl}). The listener costs the server an
 * idle thread, nothing on its request paths (which keep their in-process connections).
 *
 * <p>Why not H2's {@code AUTO_SERVER=TRUE}, which does the same: H2 refuses it together with {@code
 * DB_CLOSE_ON_EXIT=FALSE}, which the server needs to drain its requests before the database closes
 * ({@link JdbcStores#h2Url}); and with it, a command that happened to open the file first would make
 * a starting server run through that command's process.
 */
final class H2Share implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(H2Share.class);

  private final Server server;
  private final Path file;

  private H2Share(Server server, Path file) {
    this.server = server;
    this.file = file;
  }

  /** The {@code .mv.db}-less path of the local H2 file behind {@code jdbcUrl}; empty for anything else. */
  static Optional<String> localName(String jdbcUrl) {
    try {
      ConnectionInfo info = new ConnectionInfo(jdbcUrl, null, null, null);
      if (!info.isPersistent() || info.isRemote()) {
        return Optional.empty();
      }
      return Optional.of(info.getName());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts the listener for the open database {@code name} and publishes it; null, with a warning,
   * when it cannot (the server then serves as before, and commands need it stopped).
   */
  static H2Share start(String name) {
    String key = "jeton-" + Tokens.random(16);
    Path file = Path.of(name + ".tcp");
    Server server;
    try {
      server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-tcpPassword", Tokens.random(16), "-key", key,
          name).start();
    } catch (SQLException e) {
      LOG.warn("no listener for bin/jeton commands beside this server on {}: {}", name, e.getMessage());
      return null;
    }
    try {
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".jeton-tcp", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: its own defaults apply
      }
      Files.writeString(tmp, "tcp://127.0.0.1:" + server.getPort() + "/" + key + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      server.stop();
      LOG.warn("no listener for bin/jeton commands beside this server: cannot write {}: {}", file, e.toString());
      return null;
    }
    return new H2Share(server, file);
  }

  /**
   * The URL through which another process reaches the database {@code name} while a server holds
   * it, read from the file {@link #start} wrote; empty when there is none.
   */
  static Optional<String> remoteUrl(String name) {
    Path file = Path.of(name + ".tcp");
    try {
      String where = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return where.startsWith("tcp://127.0.0.1:") ? Optional.of("jdbc:h2:" + where + ";LOCK_TIMEOUT=10000")
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code e} says that another process holds the H2 file. */
  static boolean isLocked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a stale file names a closed port: a command then finds the database free and opens it itself
    } finally {
      server.stop();
    }
  }
}
