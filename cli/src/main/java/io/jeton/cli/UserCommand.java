package io.jeton.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminFailure;
import io.jeton.core.admin.AdminViews.Page;
import io.jeton.core.admin.AdminViews.UserSpec;
import io.jeton.core.admin.AdminViews.UserView;
import io.jeton.core.lockout.Unlock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/jeton user create|list|show|delete|set-password|unlock --realm R} (SPEC 11). */
@Command(name = "user", description = "Users of a realm: create, list, show, delete, set-password, unlock.",
    subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Show.class,
        UserCommand.Delete.class, UserCommand.SetPassword.class, UserCommand.UnlockUser.class})
final class UserCommand implements Runnable {
  /** SPEC 11: an unknown realm, client or user. */
  static final int UNKNOWN = AdminCommand.UNKNOWN;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The options of every user command. */
  abstract static class OnRealm extends AdminCommand {
    @Option(names = "--realm", paramLabel = "R", required = true, description = "The user's realm.")
    String realm;

    InputStream in = System.in;

    /** The first line of stdin, without its line end: a password never sits on the command line. */
    String passwordFromStdin() throws IOException {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new AdminFailure.Invalid("no password on standard input (give it as its first line)");
      }
      return line;
    }
  }

  /** A user command on one user. */
  abstract static class OnUser extends OnRealm {
    @Parameters(paramLabel = "USERNAME", description = "The username.")
    String username;
  }

  @Command(name = "create", sortOptions = false, description = "Create a user; its password, if any, is read from "
      + "standard input and hashed (Argon2id).")
  static final class Create extends OnUser {
    @Option(names = "--role", paramLabel = "X", description = "A role (repeatable).")
    List<String> roles = new ArrayList<>();

    @Option(names = "--attribute", paramLabel = "k=v", description = "An attribute (repeatable), e.g. "
        + "customerId=msp-42.")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--disabled", description = "Create the user disabled (it cannot log in).")
    boolean disabled;

    @Override
    int run(Admin admin) throws IOException {
      Map<String, String> attrs = new LinkedHashMap<>();
      for (String a : attributes) {
        int eq = a.indexOf('=');
        if (eq < 1) {
          throw new AdminFailure.Invalid("--attribute '" + a + "': expected k=v");
        }
        attrs.put(a.substring(0, eq), a.substring(eq + 1));
      }
      Optional<String> password = passwordStdin ? Optional.of(passwordFromStdin()) : Optional.empty();
      UserView u = admin.createUser(realm, new UserSpec(username, password, !disabled, roles, attrs));
      if (json) {
        printJson(g -> writeUser(g, u));
      } else {
        out.println("created user '" + u.username() + "' (id " + u.id() + ") in realm '" + realm + "'");
      }
      return 0;
    }
  }

  @Command(name = "list", sortOptions = false, description = "List a realm's users in username order, a page at a "
      + "time.")
  static final class ListUsers extends OnRealm {
    @Option(names = "--after", paramLabel = "USERNAME", description = "Start after this username (the previous "
        + "page's next).")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N users, 1 to 1000 "
        + "(${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Admin admin) {
      Page<UserView> page = admin.users(realm, Optional.ofNullable(after), limit);
      if (json) {
        printJson(g -> {
          g.writeStringField("realm", realm);
          g.writeArrayFieldStart("users");
          for (UserView u : page.items()) {
            g.writeStartObject();
            writeUser(g, u);
            g.writeEndObject();
          }
          g.writeEndArray();
          optional(g, "next", page.next());
        });
      } else {
        table(out, List.of("USERNAME", "ID", "ENABLED", "PASSWORD", "ROLES"), page.items().stream()
            .map(u -> List.of(u.username(), u.id(), u.enabled() + "", u.hasPassword() ? "yes" : "no",
                String.join(",", u.roles()))).toList());
        page.next().ifPresent(n -> err.println("jeton: more users: --after " + n));
      }
      return 0;
    }
  }

  @Command(name = "show", sortOptions = false, description = "Show a user (never its password hash).")
  static final class Show extends OnUser {
    @Override
    int run(Admin admin) {
      UserView u = admin.user(realm, username);
      if (json) {
        printJson(g -> writeUser(g, u));
      } else {
        List<List<String>> rows = new ArrayList<>(List.of(List.of("realm", u.realm()), List.of("id", u.id()),
            List.of("username", u.username()), List.of("enabled", u.enabled() + ""),
            List.of("password", u.hasPassword() ? "set" : "none"), List.of("roles", String.join(", ", u.roles()))));
        u.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> rows.add(List.of("attribute " + e.getKey(), e.getValue())));
        table(out, List.of("FIELD", "VALUE"), rows);
      }
      return 0;
    }
  }

  @Command(name = "delete", sortOptions = false, description = "Delete a user with its sessions (their tokens "
      + "become inactive), browser sessions and lockout.")
  static final class Delete extends OnUser {
    @Override
    int run(Admin admin) {
      admin.deleteUser(realm, username);
      done(this, "deleted", "deleted user '" + username + "' of realm '" + realm + "'");
      return 0;
    }
  }

  @Command(name = "set-password", sortOptions = false, description = "Set a user's password, read from the first "
      + "line of standard input and hashed (Argon2id); its sessions stay.")
  static final class SetPassword extends OnUser {
    @Override
    int run(Admin admin) throws IOException {
      admin.user(realm, username);
      admin.setPassword(realm, username, passwordFromStdin());
      done(this, "passwordSet", "set the password of user '" + username + "' of realm '" + realm + "'");
      return 0;
    }
  }

  /** {@code user unlock --realm R USERNAME}: lifts the brute-force lock (SPEC 7) and forgets the failures. */
  @Command(name = "unlock", sortOptions = false,
      description = "Lift a user's brute-force lockout and forget its failed logins (SPEC 7).")
  static final class UnlockUser extends OnUser {
    @Override
    int run(Admin admin) {
      boolean wasCounted = admin.unlockUser(realm, username) == Unlock.LIFTED;
      if (json) {
        printJson(g -> {
          g.writeStringField("realm", realm);
          g.writeStringField("username", username);
          g.writeBooleanField("hadFailures", wasCounted);
        });
      } else {
        out.println(wasCounted ? "unlocked user '" + username + "' in realm '" + realm + "'"
            : "user '" + username + "' in realm '" + realm + "' had no failed logins to forget");
      }
      return 0;
    }
  }

  private static void done(OnUser cmd, String field, String line) {
    if (cmd.json) {
      cmd.printJson(g -> {
        g.writeStringField("realm", cmd.realm);
        g.writeStringField("username", cmd.username);
        g.writeBooleanField(field, true);
      });
    } else {
      cmd.out.println(line);
    }
  }

  static void writeUser(JsonGenerator g, UserView u) throws IOException {
    g.writeStringField("realm", u.realm());
    g.writeStringField("id", u.id());
    g.writeStringField("username", u.username());
    g.writeBooleanField("enabled", u.enabled());
    g.writeBooleanField("hasPassword", u.hasPassword());
    AdminCommand.strings(g, "roles", u.roles());
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(u.attributes()).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
