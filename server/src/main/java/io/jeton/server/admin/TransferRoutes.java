package io.jeton.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.server.config.ExportWriter;
import io.jeton.server.config.ImportReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/export} and {@code /admin/import} (SPEC 11 {@code export}, {@code import}): realms
 * with their clients and users in the import file of SPEC 5, the same YAML as {@code bin/jeton
 * export} writes and {@code bin/jeton import} reads; the import also takes the file as JSON.
 */
final class TransferRoutes {
  /** Body of {@code POST /admin/import}: the import file's {@code realms:} list, as YAML or JSON. */
  record ImportFile(JsonNode realms) {
    ImportFile {
      if (realms == null || realms.isNull()) {
        throw new IllegalArgumentException("field 'realms' is required");
      }
    }
  }

  /** The largest export answered over HTTP (it is built in memory). */
  static final long MAX_EXPORT_BYTES = 16L << 20;

  private final Admin admin;
  private final long maxExportBytes;

  TransferRoutes(Admin admin, long maxExportBytes) {
    this.admin = admin;
    this.maxExportBytes = maxExportBytes;
  }

  /** Every realm of the body is read and validated before the first is stored: all or none are refused. */
  AdminRoute.Response importRealms(AdminApi.Call c) {
    ImportFile body = c.bodyOrYaml(ImportFile.class);
    List<String> problems = new ArrayList<>();
    ImportReader reader = new ImportReader(problems);
    reader.readRealms(body.realms(), "realms");
    for (RealmImport r : reader.realms()) {
      problems.addAll(Directory.validate(r));
    }
    if (!problems.isEmpty()) {
      throw new Refusal(Problem.invalid(problems));
    }
    List<String> names = new ArrayList<>();
    for (RealmImport r : reader.realms()) {
      admin.importRealm(r);
      names.add(r.realm().name().value());
      c.audited("imported realm '" + r.realm().name() + "': " + r.clients().size() + " clients, "
          + r.users().size() + " users");
    }
    return AdminApi.ok(Map.of("realms", names));
  }

  /**
   * Every realm, or the one of {@code ?realm=}, as the YAML import file {@code bin/jeton export}
   * writes ({@link ExportWriter}), of at most {@link #MAX_EXPORT_BYTES}: built in memory, so a larger
   * deployment is exported with {@code bin/jeton export}, which streams to a file.
   */
  AdminRoute.Response export(AdminApi.Call c) {
    Optional<String> realm = c.query("realm").map(c::existingRealm);
    BoundedOutput out = new BoundedOutput(maxExportBytes);
    try (ExportWriter writer = new ExportWriter(out)) {
      admin.export(realm, writer);
    } catch (BoundedOutput.TooLarge e) {
      throw new Refusal(Problem.of(400, "export_too_large", "Export too large", "the export is larger than "
          + maxExportBytes + " bytes; export one realm at a time (?realm=) or use bin/jeton export"));
    }
    byte[] body = out.toByteArray();
    c.audited("exported " + realm.map(r -> "realm '" + r + "'").orElse("every realm") + " (" + body.length
        + " bytes)");
    return new AdminRoute.Response(200, body, Map.of("Content-Type", "application/yaml"));
  }
}
