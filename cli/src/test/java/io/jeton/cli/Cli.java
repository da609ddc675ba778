package io.jeton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.crypto.MasterKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/jeton} run in this JVM on one database: the flags naming it (an H2 file in {@code
 * dir} or a PostgreSQL URL) and a master key file are added to every command, stdout and stderr
 * captured. Faster than a child process; {@link ChildJeton} is for the server.
 */
final class Cli {
  private final List<String> dbFlags;

  /** The outcome of one command. */
  record Run(int status, String out, String err) {
    JsonNode json() {
      try {
        return ChildJeton.JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + out + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + status + "\nstdout:\n" + out + "stderr:\n" + err;
    }
  }

  private Cli(List<String> dbFlags) {
    this.dbFlags = dbFlags;
  }

  /** On {@code dbUrl} (empty: the embedded H2 file under {@code dir/data}), with a new master key in {@code dir}. */
  static Cli on(Path dir, String dbUrl, String dbUser) {
    return on(dir, dbUrl, dbUser, MasterKey.generate());
  }

  static Cli on(Path dir, String dbUrl, String dbUser, MasterKey key) {
    try {
      Path keyFile = dir.resolve("master.key");
      Files.writeString(keyFile, key.toBase64());
      List<String> flags = new ArrayList<>(List.of("--master-key-file", keyFile.toString(), "--data-dir",
          dir.resolve("data").toString(), "--argon2-memory-kib", "64"));
      if (!dbUrl.isEmpty()) {
        flags.addAll(List.of("--db-url", dbUrl, "--db-user", dbUser));
      }
      return new Cli(flags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Run run(String... args) {
    return runWithInput("", args);
  }

  /**
   * Runs {@code args} (then the database flags, after the last subcommand) with {@code stdin}.
   * Commands that take no database ({@code help}) get no flags.
   */
  synchronized Run runWithInput(String stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(dbFlags);
      var cl = Main.commandLine(all.toArray(String[]::new));
      cl.setOut(new java.io.PrintWriter(System.out, true));
      cl.setErr(new java.io.PrintWriter(System.err, true));
      int status = cl.execute(all.toArray(String[]::new));
      System.out.flush();
      System.err.flush();
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }
}
