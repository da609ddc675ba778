package io.jeton.cli;

import static io.jeton.cli.ChildJeton.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.crypto.MasterKey;
import io.jeton.testkit.PostgresDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/jeton user unlock} (SPEC 7 and 11) against a server running on the same PostgreSQL database. */
class UserCommandTest {
  @TempDir Path dir;

  @Test
  void userUnlock_whileTheServerRuns_liftsTheLockoutAtOnce() throws Exception {
    Path file = dir.resolve("realms.yaml");
    Files.writeString(file, String.join("\n",
        "realms:",
        "  - name: acme",
        "    lockout: {maxFailures: 3, lockSeconds: 600}",
        "    clients: [{id: app, secret: app-secret, grants: [password]}]",
        "    users: [{username: alice, password: alice-pass}]",
        ""));
    try (PostgresDatabase db = PostgresDatabase.create()) {
      Map<String, String> env = Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64(),
          "JETON_DATA_DIR", dir.resolve("data").toString(), "JETON_ARGON2_MEMORY_KIB", "64",
          "JETON_DB_URL", db.url(), "JETON_DB_USER", PostgresDatabase.USER);
      int port = ChildJeton.freePort();
      try (ChildJeton serve = ChildJeton.start(env, "serve", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--import", file.toString())) {
        serve.await("jeton listening on", Duration.ofSeconds(60));
        String token = "http://127.0.0.1:" + port + "/realms/acme/oauth2/token";
        for (int i = 0; i < 3; i++) {
          assertThat(login(token, "guess-" + i).statusCode()).isEqualTo(400);
        }
        assertThat(login(token, "alice-pass").statusCode()).as("locked").isEqualTo(400);

        try (ChildJeton unlock = ChildJeton.start(env, "user", "unlock", "--realm", "acme", "alice", "--json")) {
          assertThat(unlock.exitCode(Duration.ofSeconds(60))).as(unlock.output()).isZero();
          assertThat(unlock.lines).contains("{\"realm\":\"acme\",\"username\":\"alice\",\"hadFailures\":true}");
        }
        HttpResponse<String> after = login(token, "alice-pass");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
      }
      try (ChildJeton unknown = ChildJeton.start(env, "user", "unlock", "--realm", "acme", "nobody")) {
        assertThat(unknown.exitCode(Duration.ofSeconds(60))).as(unknown.output()).isEqualTo(3);
        assertThat(unknown.output()).contains("jeton: no user 'nobody' in realm 'acme'");
      }
      try (ChildJeton noRealm = ChildJeton.start(env, "user", "unlock", "--realm", "nope", "alice")) {
        assertThat(noRealm.exitCode(Duration.ofSeconds(60))).as(noRealm.output()).isEqualTo(3);
      }
      try (ChildJeton noArgs = ChildJeton.start(env, "user", "unlock", "alice")) {
        assertThat(noArgs.exitCode(Duration.ofSeconds(60))).as(noArgs.output()).isEqualTo(2);
      }
    }
  }

  private static HttpResponse<String> login(String url, String password) throws Exception {
    return post(url, "app", "app-secret", Map.of("grant_type", "password", "username", "alice", "password", password));
  }
}
