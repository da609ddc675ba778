package io.jeton.cli;

import io.jeton.testkit.PostgresDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands (SPEC 11) on PostgreSQL. */
class AdminCommandsPostgresTest extends AdminCommandsContract {
  @TempDir static Path dir;
  private static PostgresDatabase db;
  private static Cli cli;

  @BeforeAll
  static void create() throws Exception {
    db = PostgresDatabase.create();
    cli = Cli.on(dir, db.url(), PostgresDatabase.USER);
  }

  @AfterAll
  static void drop() throws Exception {
    db.close();
  }

  @Override
  Cli cli() {
    return cli;
  }
}
