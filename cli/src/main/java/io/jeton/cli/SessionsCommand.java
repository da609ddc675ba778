package io.jeton.cli;

import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminViews.Revoked;
import io.jeton.core.admin.AdminViews.SessionView;
import io.jeton.core.session.Session;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/jeton sessions list|revoke --realm R} (SPEC 11). */
@Command(name = "sessions", description = "Sessions (logins) of a realm: list, revoke.",
    subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Revoke.class})
final class SessionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "list", sortOptions = false, description = "List the live sessions of a realm, or of one user, "
      + "newest first.")
  static final class ListSessions extends AdminCommand {
    @Option(names = "--realm", paramLabel = "R", required = true, description = "The realm.")
    String realm;

    @Option(names = "--user", paramLabel = "U", description = "Only this user's sessions (a username).")
    String user;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N sessions, 1 to 1000 "
        + "(${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Admin admin) {
      List<SessionView> sessions = admin.sessions(realm, Optional.ofNullable(user), limit);
      if (json) {
        printJson(g -> {
          g.writeStringField("realm", realm);
          g.writeArrayFieldStart("sessions");
          for (SessionView v : sessions) {
            Session s = v.session();
            g.writeStartObject();
            g.writeStringField("id", s.id().value());
            g.writeStringField("userId", s.userId().value());
            optional(g, "username", v.username());
            g.writeStringField("clientId", s.clientId().value());
            g.writeStringField("authService", s.authService());
            strings(g, "scope", s.scope().stream().sorted().toList());
            g.writeStringField("createdAt", s.createdAt().toString());
            g.writeStringField("expiresAt", s.expiresAt().toString());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
      } else {
        table(out, List.of("ID", "USER", "CLIENT", "CREATED", "EXPIRES"), sessions.stream().map(v -> List.of(
            v.session().id().value(), v.username().orElse(v.session().userId().value()),
            v.session().clientId().value(), v.session().createdAt().toString(), v.session().expiresAt().toString()))
            .toList());
      }
      return 0;
    }
  }

  @Command(name = "revoke", sortOptions = false, description = "Revoke every live session of a user, or one session: "
      + "their refresh tokens stop working and their access tokens become inactive.")
  static final class Revoke extends AdminCommand {
    @Option(names = "--realm", paramLabel = "R", required = true, description = "The realm.")
    String realm;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Option(names = "--user", paramLabel = "U", required = true, description = "Every live session of this user.")
      String user;

      @Option(names = "--id", paramLabel = "SID", required = true, description = "This session (the sid claim).")
      String id;
    }

    @Override
    int run(Admin admin) {
      Revoked r = which.user != null ? admin.revokeSessions(realm, which.user) : admin.revokeSession(realm, which.id);
      if (json) {
        printJson(g -> {
          g.writeStringField("realm", realm);
          strings(g, "revoked", r.sessionIds());
        });
      } else {
        out.println("revoked " + r.sessionIds().size() + (r.sessionIds().size() == 1 ? " session" : " sessions")
            + " in realm '" + realm + "'");
      }
      return 0;
    }
  }
}
