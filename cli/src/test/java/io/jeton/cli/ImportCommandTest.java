package io.jeton.cli;

import static io.jeton.cli.ChildJeton.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.crypto.MasterKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
  @TempDir Path dir;

  @Test
  void import_twiceThenServe_realmUsable() throws Exception {
    Path file = dir.resolve("realms.yaml");
    Files.writeString(file, String.join("\n",
        "realms:",
        "  - name: acme",
        "    clients: [{id: app, secret: app-secret, grants: [password, client_credentials]}]",
        "    users: [{username: alice, password: alice-pass, roles: [ADMIN], attributes: {customerId: c-1}}]",
        ""));
    Map<String, String> env = Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64(),
        "JETON_DATA_DIR", dir.resolve("data").toString(), "JETON_ARGON2_MEMORY_KIB", "64");

    for (int i = 0; i < 2; i++) {
      try (ChildJeton imp = ChildJeton.start(env, "import", file.toString())) {
        assertThat(imp.exitCode(Duration.ofSeconds(60))).as(imp.output()).isZero();
        assertThat(imp.lines).contains("imported realm 'acme': 1 clients, 1 users");
      }
    }

    int port = ChildJeton.freePort();
    try (ChildJeton serve = ChildJeton.start(env, "serve", "--host", "127.0.0.1", "--port", Integer.toString(port))) {
      serve.await("jeton listening on", Duration.ofSeconds(60));
      HttpResponse<String> login = post("http://127.0.0.1:" + port + "/realms/acme/oauth2/token", "app",
          "app-secret", Map.of("grant_type", "password", "username", "alice", "password", "alice-pass"));
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }
  }

  @Test
  void import_missingFile_exitsTwo() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    try (ChildJeton imp = ChildJeton.start(Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64()),
        "import", missing.toString())) {
      assertThat(imp.exitCode(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(imp.output()).isEqualTo(String.join("\n",
          "jeton: invalid configuration, 1 problem:",
          "  - " + missing + ": no such file",
          "See docs/configuration.md for every key."));
    }
  }

  @Test
  void import_demoFlagBeforeFile_usesTheDemoMasterKey() throws Exception {
    Path data = dir.resolve("demo");
    Path file = dir.resolve("more.yaml");
    Files.writeString(file, "realms: [{name: more, clients: [{id: m, secret: s, grants: [client_credentials]}]}]\n");
    try (ChildJeton check = ChildJeton.start(Map.of(), "serve", "--demo", "--check", "--port", "0",
        "--data-dir", data.toString(), "--argon2-memory-kib", "64")) {
      assertThat(check.exitCode(Duration.ofSeconds(60))).as(check.output()).isZero();
    }

    try (ChildJeton imp = ChildJeton.start(Map.of(), "import", "--demo", file.toString(),
        "--data-dir", data.toString())) {
      assertThat(imp.exitCode(Duration.ofSeconds(60))).as(imp.output()).isZero();
      assertThat(imp.lines).contains("imported realm 'more': 1 clients, 0 users");
    }
  }
}
