package io.jeton.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of this test's own (initdb into a temporary directory, on a free loopback
 * port), so that a test can stop and start it: the shared server on 5432 is never touched. As root
 * (CI), the directory is given to the {@code postgres} user and every command runs through {@code
 * runuser -u postgres}, since PostgreSQL refuses to run as root. The binaries are those of the
 * newest {@code /usr/lib/postgresql/<version>/bin}, or of {@code pg_config --bindir}. {@link #close}
 * stops it (immediately) and deletes the directory; a shutdown hook does the same if the test JVM
 * ends first.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asRoot;
  private final Thread cleanup;

  private PrivatePostgres(Path bin, Path dir, int port, boolean asRoot) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asRoot = asRoot;
    this.cleanup = new Thread(this::destroy, "private-postgres-cleanup");
  }

  /** Creates the cluster and starts it; throws (so the test fails, not skips) when it cannot. */
  static PrivatePostgres create() throws IOException, InterruptedException {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("jeton-private-pg-");
    if (root) {
      UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    PrivatePostgres pg = new PrivatePostgres(binaries(), dir, Node.freePort(), root);
    Runtime.getRuntime().addShutdownHook(pg.cleanup);
    try {
      pg.run("initdb", "-D", pg.data().toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
      pg.start();
      return pg;
    } catch (IOException | InterruptedException | RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** The {@code postgres} database of this server. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Starts the server and waits until it accepts connections. */
  void start() throws IOException, InterruptedException {
    run("pg_ctl", "-D", data().toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
            + " -c fsync=off -c max_connections=100", "start");
  }

  /** {@code pg_ctl stop -m immediate}: every backend ends at once, like a crash of the database. */
  void stop() throws IOException, InterruptedException {
    run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
  }

  /** The server's own log. */
  String log() {
    try {
      return Files.readString(dir.resolve("postgres.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no PostgreSQL log: " + e + ")";
    }
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) anyway
    }
  }

  private void destroy() {
    try {
      if (Files.exists(data().resolve("postmaster.pid"))) {
        run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("private PostgreSQL in " + dir + " did not stop: " + e);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asRoot) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("jeton-pg-command-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
          .directory(dir.toFile()).start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within 90 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n"
            + Files.readString(out) + "\n" + log());
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static Path binaries() throws IOException, InterruptedException {
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
            .max(Comparator.comparingInt(v -> version(v.getFileName().toString())));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      }
    }
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "pg_ctl"))) {
        return Path.of(out);
      }
    } catch (IOException e) {
      // no pg_config either: fall through to the failure below
    }
    throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin "
        + "or pg_config --bindir: the database outage test needs them");
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
