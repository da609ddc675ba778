package io.jeton.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.keys.KeyState;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.wire.Json;
import io.jeton.server.config.ConfigResult;
import io.jeton.server.config.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/jeton keys list|rotate --realm R} (SPEC 10 and 11): a realm's signing keys and their
 * lifecycle, and a rotation on demand. Both work on the configured database whether a server runs
 * on it or not (an embedded H2 file too, {@link Operator}); running nodes pick a new key
 * up within {@code keys.reloadSeconds}.
 */
@Command(name = "keys", description = "Signing keys of a realm (SPEC 10).",
    subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The options every keys command takes. */
  abstract static class RealmCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--realm", paramLabel = "R", required = true, description = "The realm.")
    String realm;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (database, master key).")
    Path config;

    /** Opens the configured database and runs {@code work} on the realm; exit status 3 when it does not exist. */
    int onRealm(String what, BiFunction<Operator, Realm, Integer> work) {
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
          return UserCommand.UNKNOWN;
        }
        return work.apply(op, r.get());
      } catch (RuntimeException e) {
        Operator.explain(what, e, System.err);
        return 1;
      }
    }
  }

  /** {@code keys list --realm R}: every stored key, oldest first, with its state and times. */
  @Command(name = "list", sortOptions = false,
      description = "List a realm's signing keys: kid, algorithm, state (pending, active, retired, expired) and "
          + "their times.")
  static final class ListKeys extends RealmCommand {
    @Override
    public Integer call() {
      return onRealm("keys list", (op, r) -> {
        Instant now = op.engine.clock().instant();
        List<KeySchedule> keys = op.engine.signingKeys(r);
        if (json) {
          System.out.println(new String(Json.object(g -> {
            g.writeStringField("realm", realm);
            g.writeArrayFieldStart("keys");
            for (KeySchedule k : keys) {
              g.writeStartObject();
              writeKey(g, k, now);
              g.writeEndObject();
            }
            g.writeEndArray();
          }), StandardCharsets.UTF_8));
        } else {
          printTable(System.out, keys, now);
        }
        return 0;
      });
    }
  }

  /** {@code keys rotate --realm R [--now]}: a new key, published now, signing after keyPublishSeconds. */
  @Command(name = "rotate", sortOptions = false,
      description = "Rotate a realm's signing key: the new key is in every node's JWKS at once and signs after the "
          + "realm's keyPublishSeconds; the old keys stay published until their last token has expired.")
  static final class Rotate extends RealmCommand {
    @Option(names = "--now", description = "The new key signs at once (a compromised key). Tokens it signs may be "
        + "refused for a few seconds by nodes that have not loaded it yet (keys.reloadSeconds) and by resource "
        + "servers holding a cached JWKS (its max-age).")
    boolean now;

    @Override
    public Integer call() {
      return onRealm("keys rotate", (op, r) -> {
        KeySchedule k = op.engine.rotateKeys(r, now);
        Instant at = op.engine.clock().instant();
        if (now) {
          System.err.println("jeton: WARNING: the new key signs now; until every node has reloaded its keys "
              + "(keys.reloadSeconds) and every resource server has refetched the JWKS (max-age "
              + r.keyPolicy().jwksMaxAgeSeconds() + " s), tokens it signs may be refused there");
        }
        if (json) {
          System.out.println(new String(Json.object(g -> {
            g.writeStringField("realm", realm);
            writeKey(g, k, at);
          }), StandardCharsets.UTF_8));
        } else if (k.state(at) == KeyState.PENDING) {
          System.out.println("rotated the signing key of realm '" + realm + "': new key " + k.kid() + " ("
              + k.algorithm().name() + ") is published now and signs from " + k.activatesAt()
              + "; the previous keys are retired then and deleted once their last token has expired");
        } else {
          System.out.println("rotated the signing key of realm '" + realm + "': new key " + k.kid() + " ("
              + k.algorithm().name() + ") signs now; the previous keys are retired and deleted once their last "
              + "token has expired");
        }
        return 0;
      });
    }
  }

  private static void writeKey(JsonGenerator g, KeySchedule k, Instant now) throws IOException {
    g.writeStringField("kid", k.kid());
    g.writeStringField("alg", k.algorithm().name());
    g.writeStringField("state", k.state(now).label());
    g.writeStringField("createdAt", k.createdAt().toString());
    g.writeStringField("activatesAt", k.activatesAt().toString());
    writeInstant(g, "retiredAt", k.retiredAt());
    writeInstant(g, "deleteAfter", k.deleteAfter());
  }

  private static void writeInstant(JsonGenerator g, String name, Instant at) throws IOException {
    if (at == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, at.toString());
    }
  }

  private static void printTable(PrintStream out, List<KeySchedule> keys, Instant now) {
    String format = "%-18s %-6s %-8s %-24s %-24s %-24s %s%n";
    out.printf(Locale.ROOT, format, "KID", "ALG", "STATE", "CREATED", "SIGNS FROM", "RETIRED", "DELETE AFTER");
    for (KeySchedule k : keys) {
      out.printf(Locale.ROOT, format, k.kid(), k.algorithm().name(), k.state(now).label(), k.createdAt(),
          k.activatesAt(), k.retiredAt() == null ? "-" : k.retiredAt(), k.deleteAfter() == null ? "-" : k.deleteAfter());
    }
  }
}
