package io.jeton.cli;

import static io.jeton.cli.ChildJeton.json;
import static io.jeton.cli.ChildJeton.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.crypto.MasterKey;
import io.jeton.testkit.PostgresDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands work while a server runs on the same database (SPEC 11): on the embedded
 * H2 file the server holds (through its loopback listener, docs/cli.md) and on PostgreSQL; what
 * they change is what the running server then serves.
 */
class BesideServerTest {
  @TempDir Path dir;

  @Test
  void commands_besideAServerOnItsEmbeddedH2File_changeWhatItServes() throws Exception {
    besideServer("", "");
    // the server was killed (SIGKILL): its listener file is stale, the H2 file free, and a command opens it itself
    assertThat(Files.exists(dir.resolve("data").resolve("jeton.tcp"))).as("a stale listener file").isTrue();
    Cli.Run after = cli.run("realm", "list", "--json");
    assertThat(after.status()).as(after.toString()).isZero();
    assertThat(after.json().get("realms").findValuesAsText("name")).contains("acme");
  }

  @Test
  void commands_besideAServerOnPostgres_changeWhatItServes() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.create()) {
      besideServer(db.url(), PostgresDatabase.USER);
    }
  }

  private Cli cli;

  private void besideServer(String dbUrl, String dbUser) throws Exception {
    MasterKey key = MasterKey.generate();
    cli = Cli.on(dir, dbUrl, dbUser, key);
    Path file = dir.resolve("realms.yaml");
    Files.writeString(file, String.join("\n",
        "realms:",
        "  - name: acme",
        "    clients: [{id: app, secret: app-secret, grants: [password, refresh_token, client_credentials]}]",
        ""));
    Map<String, String> env = new HashMap<>(Map.of("JETON_MASTER_KEY", key.toBase64(),
        "JETON_DATA_DIR", dir.resolve("data").toString(), "JETON_ARGON2_MEMORY_KIB", "64",
        "JETON_DIRECTORY_CACHE_SECONDS", "1"));
    if (!dbUrl.isEmpty()) {
      env.put("JETON_DB_URL", dbUrl);
      env.put("JETON_DB_USER", dbUser);
    }
    int port = ChildJeton.freePort();
    try (ChildJeton serve = ChildJeton.start(env, "serve", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--import", file.toString())) {
      serve.await("jeton listening on", Duration.ofSeconds(90));
      String base = "http://127.0.0.1:" + port + "/realms/acme/oauth2";

      Cli.Run created = cli.run("client", "create", "--realm", "acme", "svc", "--scope", "read", "--json");
      assertThat(created.status()).as(created.toString()).isZero();
      String secret = created.json().get("secret").asText();
      HttpResponse<String> svc = post(base + "/token", "svc", secret, Map.of("grant_type", "client_credentials"));
      assertThat(svc.statusCode()).as(svc.body()).isEqualTo(200);

      assertThat(cli.runWithInput("alice-pass\n", "user", "create", "--realm", "acme", "alice", "--password-stdin")
          .status()).isZero();
      HttpResponse<String> login = post(base + "/token", "app", "app-secret",
          Map.of("grant_type", "password", "username", "alice", "password", "alice-pass"));
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      String access = json(login).get("access_token").asText();

      JsonNode sessions = cli.run("sessions", "list", "--realm", "acme", "--user", "alice", "--json").json();
      assertThat(sessions.get("sessions")).hasSize(1);
      Cli.Run revoked = cli.run("sessions", "revoke", "--realm", "acme", "--user", "alice", "--json");
      assertThat(revoked.json().get("revoked")).hasSize(1);
      eventually(() -> post(base + "/introspect", "app", "app-secret", Map.of("token", access)).body(),
          "{\"active\":false}");

      assertThat(cli.run("client", "delete", "--realm", "acme", "svc").status()).isZero();
      eventually(() -> Integer.toString(post(base + "/token", "svc", secret,
          Map.of("grant_type", "client_credentials")).statusCode()), "401");

      Path export = dir.resolve("export.yaml");
      assertThat(cli.run("export", export.toString()).status()).isZero();
      assertThat(Files.readString(export)).contains("alice").doesNotContain("alice-pass").doesNotContain(secret);
    }
  }

  /** Waits up to 10 s for {@code probe} to answer {@code expected} (the server's revocation poll, its cache). */
  private static void eventually(Supplier<String> probe, String expected) throws InterruptedException {
    String last = "";
    for (int i = 0; i < 100; i++) {
      last = probe.get();
      if (last.equals(expected)) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(last).isEqualTo(expected);
  }
}
