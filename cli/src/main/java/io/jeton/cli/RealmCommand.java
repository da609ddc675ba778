package io.jeton.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminViews.Page;
import io.jeton.core.admin.AdminViews.RealmSettings;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/jeton realm create|list|show|delete} (SPEC 11). */
@Command(name = "realm", description = "Realms: create, list, show, delete.",
    subcommands = {RealmCommand.Create.class, RealmCommand.ListRealms.class, RealmCommand.Show.class,
        RealmCommand.Delete.class})
final class RealmCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "create", sortOptions = false, description = "Create a realm; unset settings take their defaults "
      + "(docs/configuration.md, realm keys).")
  static final class Create extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The realm's name (its path segment /realms/NAME).")
    String name;

    @Option(names = "--issuer-name", paramLabel = "N", description = "C1's issuer field (default: the name).")
    String issuerName;

    @Option(names = "--audience", paramLabel = "A", description = "aud of access tokens (default: the client id).")
    String audience;

    @Option(names = "--access-token-ttl", paramLabel = "S", description = "Access token lifetime, seconds (3600).")
    Long accessTokenTtl;

    @Option(names = "--refresh-token-ttl", paramLabel = "S", description = "Sliding refresh lifetime, seconds "
        + "(604800).")
    Long refreshTokenTtl;

    @Option(names = "--session-max-ttl", paramLabel = "S", description = "Absolute session lifetime, seconds "
        + "(2592000).")
    Long sessionMaxTtl;

    @Option(names = "--refresh-reuse-grace", paramLabel = "S", description = "Refresh retry window, seconds, 0 to 60 "
        + "(10).")
    Long refreshReuseGrace;

    @Option(names = "--signing-algorithm", paramLabel = "ALG", description = "ES256 (default), RS256, EdDSA or HS256.")
    String signingAlgorithm;

    @Option(names = "--access-token-typ", paramLabel = "TYP", description = "at+jwt (default) or JWT.")
    String accessTokenTyp;

    @Option(names = "--max-sessions-per-user", paramLabel = "N", description = "Live sessions per user, 0 = no cap "
        + "(0).")
    Integer maxSessionsPerUser;

    @Override
    int run(Admin admin) {
      Realm r = admin.createRealm(name, new RealmSettings(Optional.ofNullable(issuerName), Optional.ofNullable(audience),
          Optional.ofNullable(accessTokenTtl), Optional.ofNullable(refreshTokenTtl), Optional.ofNullable(sessionMaxTtl),
          Optional.ofNullable(refreshReuseGrace), Optional.ofNullable(signingAlgorithm),
          Optional.ofNullable(maxSessionsPerUser), Optional.ofNullable(accessTokenTyp)));
      if (json) {
        printJson(g -> writeRealm(g, r));
      } else {
        out.println("created realm '" + r.name() + "'");
      }
      return 0;
    }
  }

  @Command(name = "list", sortOptions = false, description = "List realms in name order, a page at a time.")
  static final class ListRealms extends AdminCommand {
    @Option(names = "--after", paramLabel = "NAME", description = "Start after this realm (the previous page's next).")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N realms, 1 to 1000 "
        + "(${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Admin admin) {
      Page<Realm> page = admin.realms(Optional.ofNullable(after), limit);
      if (json) {
        printJson(g -> {
          g.writeArrayFieldStart("realms");
          for (Realm r : page.items()) {
            g.writeStartObject();
            writeRealm(g, r);
            g.writeEndObject();
          }
          g.writeEndArray();
          optional(g, "next", page.next());
        });
      } else {
        table(out, List.of("NAME", "ISSUER NAME", "ALG", "ACCESS TTL", "REFRESH TTL", "SESSION MAX"),
            page.items().stream().map(r -> List.of(r.name().value(), r.issuerName(), r.signingAlgorithm().name(),
                r.accessTokenTtl().toSeconds() + "s", r.refreshTokenTtl().toSeconds() + "s",
                r.sessionMaxTtl().toSeconds() + "s")).toList());
        page.next().ifPresent(n -> err.println("jeton: more realms: --after " + n));
      }
      return 0;
    }
  }

  @Command(name = "show", sortOptions = false, description = "Show a realm's settings.")
  static final class Show extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The realm.")
    String name;

    @Override
    int run(Admin admin) {
      Realm r = admin.realm(name);
      if (json) {
        printJson(g -> writeRealm(g, r));
      } else {
        table(out, List.of("SETTING", "VALUE"), List.of(
            List.of("name", r.name().value()), List.of("issuerName", r.issuerName()),
            List.of("audience", r.audience().orElse("(the client id)")),
            List.of("accessTokenTtl", r.accessTokenTtl().toSeconds() + ""),
            List.of("refreshTokenTtl", r.refreshTokenTtl().toSeconds() + ""),
            List.of("sessionMaxTtl", r.sessionMaxTtl().toSeconds() + ""),
            List.of("refreshReuseGrace", r.refreshReuseGrace().toSeconds() + ""),
            List.of("signingAlgorithm", r.signingAlgorithm().name()),
            List.of("accessTokenTyp", r.accessTokenTyp().value()),
            List.of("maxSessionsPerUser", r.maxSessionsPerUser() + ""),
            List.of("keyRotationDays", r.keyPolicy().rotation().toDays() + ""),
            List.of("keyPublishSeconds", r.keyPolicy().publish().toSeconds() + ""),
            List.of("authServices", String.join(", ", r.authServices().stream()
                .map(s -> s.id() + " (" + s.type() + ")").toList()))));
      }
      return 0;
    }
  }

  @Command(name = "delete", sortOptions = false, description = "Delete a realm with all its clients, users, "
      + "sessions, keys and audit events, at once.")
  static final class Delete extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The realm.")
    String name;

    @Override
    int run(Admin admin) {
      admin.deleteRealm(name);
      if (json) {
        printJson(g -> {
          g.writeStringField("realm", name);
          g.writeBooleanField("deleted", true);
        });
      } else {
        out.println("deleted realm '" + name + "'");
      }
      return 0;
    }
  }

  static void writeRealm(JsonGenerator g, Realm r) throws IOException {
    g.writeStringField("name", r.name().value());
    g.writeStringField("issuerName", r.issuerName());
    AdminCommand.optional(g, "audience", r.audience());
    g.writeNumberField("accessTokenTtl", r.accessTokenTtl().toSeconds());
    g.writeNumberField("refreshTokenTtl", r.refreshTokenTtl().toSeconds());
    g.writeNumberField("sessionMaxTtl", r.sessionMaxTtl().toSeconds());
    g.writeNumberField("refreshReuseGrace", r.refreshReuseGrace().toSeconds());
    g.writeStringField("signingAlgorithm", r.signingAlgorithm().name());
    g.writeStringField("accessTokenTyp", r.accessTokenTyp().value());
    g.writeNumberField("maxSessionsPerUser", r.maxSessionsPerUser());
    g.writeNumberField("keyRotationDays", r.keyPolicy().rotation().toDays());
    g.writeNumberField("keyPublishSeconds", r.keyPolicy().publish().toSeconds());
    g.writeArrayFieldStart("authServices");
    for (AuthServiceRef s : r.authServices()) {
      g.writeStartObject();
      g.writeStringField("id", s.id());
      g.writeStringField("type", s.type());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
