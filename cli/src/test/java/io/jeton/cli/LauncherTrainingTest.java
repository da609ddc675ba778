package io.jeton.cli;

import io.jeton.testkit.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review H3 and issue 6's acceptance: the launcher's training start ({@code bin/train.sh}, which
 * {@code bin/jeton} runs after every build) inherits a production environment, JETON_DB_URL at a
 * PostgreSQL database and a master key, and must leave that database untouched: no realm
 * {@code demo}, no user {@code demo}/{@code demo}, not even the schema.
 */
class LauncherTrainingTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path dir;

  /** The archive holds what it loads: a start with {@code --config} should find its YAML reader there. */
  @Test
  void trainingStart_loadsWhatAStartWithAConfigurationFileLoads() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path classes = dir.resolve("classes.log");
    List<String> train = new ArrayList<>(List.of("bash", "-c",
        ". \"$1/bin/train.sh\" && shift && jeton_train \"$@\"", "train", ROOT.toString()));
    List<String> launcher = new ArrayList<>(ChildJeton.launcher());
    launcher.add(1, "-Xlog:class+load=info:file=" + classes);
    train.addAll(launcher);
    try (ChildJeton training = ChildJeton.run(Map.of("TMPDIR", tmp.toString()), train)) {
      assertThat(training.exitCode(Duration.ofSeconds(120))).as("the training start itself works").isZero();
    }
    assertThat(Files.readString(classes)).contains("org.yaml.snakeyaml.parser.ParserImpl ",
        "io.jeton.server.config.ImportReader ", "io.jeton.core.admin.RealmImporter ");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("the throw-away data directory is removed").isEmpty();
    }
  }

  @Test
  void trainingStart_productionDatabaseInEnvironment_databaseHasNoDemoRealm() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path realms = dir.resolve("realms.yaml");
    Files.writeString(realms, String.join("\n",
        "realms:",
        "  - name: acme",
        "    clients: [{id: app, secret: app-secret-0123456789, grants: [client_credentials]}]",
        ""));
    try (PostgresDatabase db = PostgresDatabase.create()) {
      Map<String, String> production = Map.of("JETON_DB_URL", db.url(), "JETON_DB_USER", PostgresDatabase.USER,
          "JETON_MASTER_KEY", MasterKey.generate().toBase64(), "TMPDIR", tmp.toString());

      List<String> train = new ArrayList<>(List.of("bash", "-c",
          ". \"$1/bin/train.sh\" && shift && jeton_train \"$@\"", "train", ROOT.toString()));
      train.addAll(ChildJeton.launcher());
      try (ChildJeton training = ChildJeton.run(production, train)) {
        assertThat(training.exitCode(Duration.ofSeconds(120))).as("the training start itself works")
            .isZero();
      }
      // relations of an extension installed in template1 (pg_stat_statements, say) are not Jeton's
      assertThat(db.column("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d "
          + "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')"))
          .as("the training start never opened the configured database").isEmpty();
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).as("the throw-away data directory is removed").isEmpty();
      }

      // the review's attack 10 (a): `bin/jeton import realms.yaml` right after a build
      try (ChildJeton imp = ChildJeton.start(production, "import", realms.toString())) {
        assertThat(imp.exitCode(Duration.ofSeconds(60))).as(imp.output()).isZero();
      }
      assertThat(db.column("SELECT name FROM realm")).containsExactly("acme");
      assertThat(db.column("SELECT username FROM app_user")).isEmpty();
    }
  }
}
