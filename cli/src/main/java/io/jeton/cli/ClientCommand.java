package io.jeton.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminViews.ClientSpec;
import io.jeton.core.admin.AdminViews.ClientView;
import io.jeton.core.admin.AdminViews.CreatedClient;
import io.jeton.core.admin.AdminViews.Page;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/jeton client create|list|show|delete|rotate-secret --realm R} (SPEC 11). */
@Command(name = "client", description = "Clients of a realm: create, list, show, delete, rotate-secret.",
    subcommands = {ClientCommand.Create.class, ClientCommand.ListClients.class, ClientCommand.Show.class,
        ClientCommand.Delete.class, ClientCommand.RotateSecret.class})
final class ClientCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The options of every client command. */
  abstract static class OnRealm extends AdminCommand {
    @Option(names = "--realm", paramLabel = "R", required = true, description = "The client's realm.")
    String realm;
  }

  /** A client command on one client. */
  abstract static class OnClient extends OnRealm {
    @Parameters(paramLabel = "ID", description = "The client id.")
    String id;
  }

  @Command(name = "create", sortOptions = false, description = "Create a client. A confidential client gets a "
      + "generated secret, printed once and stored only as a hash. Without --grant: client_credentials, or for "
      + "--public authorization_code and refresh_token.")
  static final class Create extends OnClient {
    @Option(names = "--grant", paramLabel = "G", description = "An allowed grant (repeatable): authorization_code, "
        + "password, refresh_token, client_credentials.")
    List<String> grants = new ArrayList<>();

    @Option(names = "--scope", paramLabel = "S", description = "An allowed scope (repeatable).")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--public", description = "A public client: no secret, PKCE only.")
    boolean publicClient;

    @Option(names = "--redirect-uri", paramLabel = "U", description = "A redirect URI, compared exactly "
        + "(repeatable; needed for authorization_code).")
    List<String> redirectUris = new ArrayList<>();

    @Override
    int run(Admin admin) {
      CreatedClient c = admin.createClient(realm, new ClientSpec(id, grants, scopes, publicClient, redirectUris));
      printCreated(this, c, "created");
      return 0;
    }
  }

  @Command(name = "list", sortOptions = false, description = "List a realm's clients in id order, a page at a time.")
  static final class ListClients extends OnRealm {
    @Option(names = "--after", paramLabel = "ID", description = "Start after this client (the previous page's next).")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N clients, 1 to 1000 "
        + "(${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Admin admin) {
      Page<ClientView> page = admin.clients(realm, Optional.ofNullable(after), limit);
      if (json) {
        printJson(g -> {
          g.writeStringField("realm", realm);
          g.writeArrayFieldStart("clients");
          for (ClientView c : page.items()) {
            g.writeStartObject();
            writeClient(g, c);
            g.writeEndObject();
          }
          g.writeEndArray();
          optional(g, "next", page.next());
        });
      } else {
        table(out, List.of("ID", "TYPE", "GRANTS", "SCOPES"), page.items().stream().map(c -> List.of(c.id(),
            c.publicClient() ? "public" : "confidential", String.join(",", c.grants()), String.join(" ", c.scopes())))
            .toList());
        page.next().ifPresent(n -> err.println("jeton: more clients: --after " + n));
      }
      return 0;
    }
  }

  @Command(name = "show", sortOptions = false, description = "Show a client (never its secret).")
  static final class Show extends OnClient {
    @Override
    int run(Admin admin) {
      ClientView c = admin.client(realm, id);
      if (json) {
        printJson(g -> writeClient(g, c));
      } else {
        table(out, List.of("FIELD", "VALUE"), List.of(List.of("realm", c.realm()), List.of("id", c.id()),
            List.of("type", c.publicClient() ? "public" : "confidential"),
            List.of("grants", String.join(", ", c.grants())), List.of("scopes", String.join(" ", c.scopes())),
            List.of("redirectUris", String.join(" ", c.redirectUris())),
            List.of("certificateSubject", c.certificateSubject().orElse("-")),
            List.of("resources", String.join(" ", c.resources())), List.of("rateLimit", c.rateLimit() + "")));
      }
      return 0;
    }
  }

  @Command(name = "delete", sortOptions = false, description = "Delete a client with its sessions (their tokens "
      + "become inactive) and authorization codes.")
  static final class Delete extends OnClient {
    @Override
    int run(Admin admin) {
      admin.deleteClient(realm, id);
      if (json) {
        printJson(g -> {
          g.writeStringField("realm", realm);
          g.writeStringField("id", id);
          g.writeBooleanField("deleted", true);
        });
      } else {
        out.println("deleted client '" + id + "' of realm '" + realm + "'");
      }
      return 0;
    }
  }

  @Command(name = "rotate-secret", sortOptions = false, description = "Give a confidential client a new generated "
      + "secret, printed once; the old one stops working (on other nodes within directory.cacheSeconds).")
  static final class RotateSecret extends OnClient {
    @Override
    int run(Admin admin) {
      printCreated(this, admin.rotateSecret(realm, id), "rotated the secret of");
      return 0;
    }
  }

  /** The client and, once, its new secret: the only place the CLI prints a secret. */
  private static void printCreated(AdminCommand cmd, CreatedClient c, String what) {
    if (cmd.json) {
      cmd.printJson(g -> {
        writeClient(g, c.client());
        AdminCommand.optional(g, "secret", c.secret());
      });
      return;
    }
    cmd.out.println(what + " client '" + c.client().id() + "' of realm '" + c.client().realm() + "'");
    c.secret().ifPresent(s -> {
      cmd.out.println("secret: " + s);
      cmd.err.println("jeton: the secret is shown only now; Jeton stores only its hash");
    });
  }

  static void writeClient(JsonGenerator g, ClientView c) throws IOException {
    g.writeStringField("realm", c.realm());
    g.writeStringField("id", c.id());
    g.writeBooleanField("public", c.publicClient());
    AdminCommand.strings(g, "grants", c.grants());
    AdminCommand.strings(g, "scopes", c.scopes());
    AdminCommand.strings(g, "redirectUris", c.redirectUris());
    AdminCommand.strings(g, "postLogoutRedirectUris", c.postLogoutRedirectUris());
    AdminCommand.optional(g, "certificateSubject", c.certificateSubject());
    AdminCommand.strings(g, "resources", c.resources());
    g.writeNumberField("rateLimit", c.rateLimit());
  }
}
