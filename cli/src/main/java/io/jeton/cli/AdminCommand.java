package io.jeton.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminFailure;
import io.jeton.dialect.wire.Json;
import io.jeton.server.config.ConfigResult;
import io.jeton.server.config.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One operator's command of SPEC 11 ({@code realm create}, {@code client list}, ...): loads the
 * configuration, opens the configured database ({@link Operator}), runs one {@link Admin}
 * operation and prints its result, as a table or, with {@code --json}, as one JSON object. Exit
 * status 0 when done, 2 for bad arguments or configuration and for a duplicate, 3 for an unknown
 * realm, client, user or session, 1 when the database fails; always one line on stderr.
 */
abstract class AdminCommand implements Callable<Integer> {
  /** SPEC 11: an unknown realm, client or user. */
  static final int UNKNOWN = 3;
  /** SPEC 11: bad arguments (and a duplicate name, which is one). */
  static final int BAD_ARGUMENTS = ConfigFlags.INVALID;
  /** The database or the environment failed. */
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (database, master key).")
  Path config;

  PrintStream out = System.out;
  PrintStream err = System.err;

  /** The operation, on the opened database; returns the exit status. */
  abstract int run(Admin admin) throws IOException;

  @Override
  public Integer call() {
    ConfigResult result = ConfigFlags.load(Optional.ofNullable(config), ConfigFlags.given(spec), List.of());
    if (result instanceof ConfigResult.Invalid(List<String> problems)) {
      ConfigFlags.report(problems, err);
      return ConfigFlags.INVALID;
    }
    ServerConfig c = ((ConfigResult.Ok) result).config().server();
    try (Operator op = Operator.open(c)) {
      return run(op.engine.admin());
    } catch (AdminFailure f) {
      err.println("jeton: " + f.getMessage());
      return switch (f) {
        case AdminFailure.Unknown u -> UNKNOWN;
        case AdminFailure.Duplicate d -> BAD_ARGUMENTS;
        case AdminFailure.Invalid i -> BAD_ARGUMENTS;
      };
    } catch (IOException e) {
      err.println("jeton: " + spec.qualifiedName().replaceFirst("^jeton ", "") + " failed: " + Main.describe(e));
      return FAILED;
    } catch (RuntimeException e) {
      Operator.explain(spec.qualifiedName().replaceFirst("^jeton ", ""), e, err);
      return FAILED;
    }
  }

  /** Prints one JSON object written by {@code body}. */
  void printJson(Json.Fields body) {
    out.println(new String(Json.object(body), StandardCharsets.UTF_8));
  }

  static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      g.writeStringField(field, value.get());
    } else {
      g.writeNullField(field);
    }
  }

  static void strings(JsonGenerator g, String field, java.util.Collection<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** A table: a header row and rows, each column as wide as its widest cell. */
  static void table(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    row(out, header, width);
    rows.forEach(r -> row(out, r, width));
  }

  private static void row(PrintStream out, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(width[i] - cell.length() + 2));
      }
    }
    out.println(line);
  }
}
