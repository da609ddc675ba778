package io.jeton.cli;

import io.jeton.core.admin.Admin;
import io.jeton.server.config.ExportWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/jeton export [--realm R] FILE} (SPEC 11): realms, clients and users as the import file
 * of SPEC 5, secrets and passwords as their stored hashes. Written to a temporary file beside
 * {@code FILE} (owner-only permissions where the file system has them) and moved into place, so
 * that a failed export leaves no partial file.
 */
@Command(name = "export", sortOptions = false, description = "Export realms, clients and users as an import file "
    + "(secrets and passwords as their hashes; no signing keys, sessions or audit events).")
final class ExportCommand extends AdminCommand {
  @Option(names = "--realm", paramLabel = "R", description = "Only this realm.")
  String realm;

  @Parameters(paramLabel = "FILE", description = "The YAML file to write (replaced if it exists).")
  Path file;

  @Override
  int run(Admin admin) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: its own defaults apply
      }
      AtomicInteger realms = new AtomicInteger();
      AtomicInteger clients = new AtomicInteger();
      AtomicInteger users = new AtomicInteger();
      try (OutputStream os = Files.newOutputStream(tmp); ExportWriter w = new ExportWriter(os)) {
        admin.export(Optional.ofNullable(realm), new io.jeton.core.admin.AdminViews.ExportSink() {
          @Override
          public void realm(io.jeton.core.realm.Realm r) {
            realms.incrementAndGet();
            w.realm(r);
          }

          @Override
          public void client(io.jeton.core.client.Client c) {
            clients.incrementAndGet();
            w.client(c);
          }

          @Override
          public void user(io.jeton.core.user.User u) {
            users.incrementAndGet();
            w.user(u);
          }

          @Override
          public void endRealm() {
            w.endRealm();
          }
        });
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      if (json) {
        printJson(g -> {
          g.writeStringField("file", target.toString());
          g.writeNumberField("realms", realms.get());
          g.writeNumberField("clients", clients.get());
          g.writeNumberField("users", users.get());
        });
      } else {
        out.println("exported " + realms.get() + (realms.get() == 1 ? " realm, " : " realms, ") + clients.get()
            + " clients, " + users.get() + " users to " + target);
      }
      return 0;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
