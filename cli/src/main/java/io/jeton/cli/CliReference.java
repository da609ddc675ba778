package io.jeton.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Renders {@code docs/cli.md} from the commands' own usage help (picocli), so that the page cannot
 * drift from the code ({@code CliReferenceTest} fails when it is stale). Run {@code main} with the
 * output path to regenerate it.
 */
public final class CliReference {
  private CliReference() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/cli.md");
    Files.writeString(out, render(), StandardCharsets.UTF_8);
  }

  /** The page: the introduction, then each command's usage, in the order {@code jeton --help} lists them. */
  static String render() {
    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from the commands' usage help: run java -cp cli/target/jeton.jar "
        + "io.jeton.cli.CliReference docs/cli.md -->\n\n");
    md.append("# `bin/jeton` command reference\n\n");
    md.append(String.join("\n",
        "Every command below works on the configured database whether a server runs on it or not (SPEC 11):",
        "on PostgreSQL directly; on the embedded H2 file, which a running server holds, through the server's",
        "loopback listener (see \"Beside a running server\" below). Besides the options shown, each command",
        "that opens the database takes every configuration key as a flag (`--db-url`, `--data-dir`, ...) and",
        "reads `--config FILE` and the `JETON_*` environment: see [configuration.md](configuration.md).",
        "",
        "- `--json` prints the result as one JSON object; otherwise a table or one line.",
        "- Exit status: `0` done; `2` bad arguments, invalid configuration or a duplicate name (one line on",
        "  stderr); `3` an unknown realm, client, user or session; `1` the database failed.",
        "- Secrets: `client create` and `client rotate-secret` print the generated secret once (Jeton keeps",
        "  only its hash); passwords are read from standard input (`user create --password-stdin`,",
        "  `user set-password`), never from the command line.",
        "- Listings are pages: `--limit N` (1 to 1000, default 100) and `--after` the `next` of the previous",
        "  page.",
        "",
        "## Beside a running server",
        "",
        "H2 opens a file in one process only. A server on the embedded database therefore also listens on a",
        "random port of the loopback interface, for that one database and under a random key, and writes",
        "where to `DATA_DIR/jeton.tcp` (readable by its owner only; deleted when the server stops). A",
        "command that finds the file locked reaches the database through that listener; the server's own",
        "requests stay in process. A change a command makes is served by a running server at once for",
        "revocations (its revocation poll), within `directory.cacheSeconds` for realms, clients and users",
        "(at once on PostgreSQL with `db.notify`). A command started while no server runs opens the file",
        "itself: a server started during that command fails to open it and must be started again.",
        "",
        "## Export and import",
        "",
        "`export` writes the import file of SPEC 5: every realm setting, each client with `secretHash`",
        "and each user with its `id` and `passwordHash`, never a plaintext secret; the file is created",
        "readable by its owner only. `import` of that file into an empty database gives the same realms,",
        "clients and users. Client secret hashes are keyed by the master key: import under the same",
        "`masterKey`, or rotate the secrets. Not exported: signing keys (private key material stays in",
        "its database; the new database makes its own keys, so tokens signed before do not verify",
        "there), sessions and refresh tokens (users sign in again), lockouts and the audit log.",
        "",
        ""));
    CommandLine root = Main.tree();
    appendUsage(md, root);
    return md.toString();
  }

  private static void appendUsage(StringBuilder md, CommandLine cl) {
    if (cl.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
      return;
    }
    md.append("## `").append(cl.getCommandSpec().qualifiedName()).append("`\n\n```\n");
    cl.setUsageHelpWidth(110);
    md.append(cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n\n");
    for (CommandLine sub : cl.getSubcommands().values()) {
      appendUsage(md, sub);
    }
  }
}
