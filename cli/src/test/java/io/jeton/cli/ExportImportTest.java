package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.realm.Realm;
import io.jeton.store.jdbc.JdbcStores;
import io.jeton.testkit.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jeton export} then {@code import} into an empty database gives the same realms,
 * clients and users (SPEC 11), and the export holds no plaintext secret; an invalid import file is
 * refused with the line of its fault.
 */
class ExportImportTest {
  static final String SOURCE = String.join("\n",
      "realms:",
      "  - name: acme",
      "    issuerName: acme-issuer",
      "    audience: acme-api",
      "    accessTokenTtl: 900",
      "    refreshTokenTtl: 86400",
      "    sessionMaxTtl: 604800",
      "    refreshReuseGrace: 5",
      "    signingAlgorithm: EdDSA",
      "    accessTokenTyp: JWT",
      "    maxSessionsPerUser: 3",
      "    keyRotationDays: 7",
      "    keyPublishSeconds: 120",
      "    lockout: {maxFailures: 4, lockSeconds: 30, maxLockSeconds: 600, clientMaxFailures: 9}",
      "    authServices: [{id: local, type: password}]",
      "    dialects: {ags: {client: mobile}}",
      "    clients:",
      "      - {id: app, secret: app-secret-plain, grants: [password, refresh_token, client_credentials],",
      "         scopes: [devices:read, profile], rateLimit: 50, authMethods: [client_secret_post]}",
      "      - {id: mobile, public: true, grants: [authorization_code, refresh_token],",
      "         redirectUris: ['https://m.example/cb'], postLogoutRedirectUris: ['https://m.example/bye']}",
      "      - {id: mtls, certificateSubject: 'CN=mtls,O=Acme', grants: [client_credentials],",
      "         certificateBoundTokens: true, resources: ['https://api.example/']}",
      "    users:",
      "      - {username: alice, password: alice-pass-plain, roles: [ADMIN, USER],",
      "         attributes: {customerId: msp-42, accountId: '1663'}}",
      "      - {username: bob, enabled: false}",
      "  - name: beta",
      "    users: [{username: carol, password: carol-pass-plain}]",
      "");

  @TempDir Path dir;

  @Test
  void exportThenImport_intoAnEmptyH2Database_givesTheSameStateAndNoPlaintext() throws Exception {
    roundTrip("", "", "", "");
  }

  @Test
  void exportThenImport_intoAnEmptyPostgresDatabase_givesTheSameState() throws Exception {
    try (PostgresDatabase a = PostgresDatabase.create(); PostgresDatabase b = PostgresDatabase.create()) {
      roundTrip(a.url(), PostgresDatabase.USER, b.url(), PostgresDatabase.USER);
    }
  }

  private void roundTrip(String urlA, String userA, String urlB, String userB) throws Exception {
    MasterKey key = MasterKey.generate();
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Cli from = Cli.on(a, urlA, userA, key);
    Cli to = Cli.on(b, urlB, userB, key);
    Path source = dir.resolve("source.yaml");
    Files.writeString(source, SOURCE);
    assertThat(from.run("import", source.toString()).status()).isZero();

    Path export = dir.resolve("export.yaml");
    Cli.Run exported = from.run("export", export.toString(), "--json");
    assertThat(exported.status()).as(exported.toString()).isZero();
    assertThat(exported.json().get("users").asInt()).isEqualTo(3);
    String text = Files.readString(export);
    assertThat(text).doesNotContain("app-secret-plain").doesNotContain("alice-pass-plain")
        .doesNotContain("carol-pass-plain").contains("secretHash: hmac-sha256$").contains("passwordHash:");
    if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(export)))
          .isEqualTo("rw-------");
    }

    Cli.Run imported = to.run("import", export.toString());
    assertThat(imported.status()).as(imported.toString()).isZero();

    try (JdbcStores sa = open(a, urlA, userA); JdbcStores sb = open(b, urlB, userB)) {
      assertSameState(sa.stores(), sb.stores());
    }
    Path one = dir.resolve("beta.yaml");
    assertThat(to.run("export", "--realm", "beta", one.toString()).status()).isZero();
    assertThat(Files.readString(one)).contains("carol").doesNotContain("acme");
    assertThat(to.run("export", "--realm", "nope", one.toString()).status()).isEqualTo(3);
  }

  private static JdbcStores open(Path dir, String url, String user) {
    return JdbcStores.open(url.isEmpty() ? "jdbc:h2:file:" + dir.resolve("data").resolve("jeton") : url, user, "", 1);
  }

  private static void assertSameState(Stores a, Stores b) {
    List<Realm> realms = a.realms().list(Optional.empty(), 100);
    assertThat(realms).extracting(r -> r.name().value()).containsExactly("acme", "beta");
    assertThat(b.realms().list(Optional.empty(), 100)).isEqualTo(realms);
    for (Realm r : realms) {
      RealmName n = r.name();
      assertThat(b.clients().list(n, Optional.empty(), 100)).isEqualTo(a.clients().list(n, Optional.empty(), 100));
      assertThat(b.users().list(n, Optional.empty(), 100)).isEqualTo(a.users().list(n, Optional.empty(), 100));
    }
    assertThat(a.clients().list(RealmName.of("acme"), Optional.empty(), 100)).hasSize(3);
  }

  @Test
  void import_invalidYaml_namesTheLineAndExitsTwo() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "realms:\n  - name: acme\n    clients: [{id: app\n    users: []\n");
    Cli.Run run = Cli.on(dir, "", "").run("import", bad.toString());
    assertThat(run.status()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(bad.toString()).containsPattern("line [45]").doesNotContain("Exception");
  }

  @Test
  void import_invalidContent_namesThePathAndExitsTwo() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "realms:\n  - name: acme\n    clients: [{id: app, grants: [magic]}]\n");
    Cli.Run run = Cli.on(dir, "", "").run("import", bad.toString());
    assertThat(run.status()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("realms[0]").contains("unknown grant 'magic'");
  }
}
