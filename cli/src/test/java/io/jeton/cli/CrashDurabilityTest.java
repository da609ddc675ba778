package io.jeton.cli;

import static io.jeton.cli.ChildJeton.json;
import static io.jeton.cli.ChildJeton.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.crypto.MasterKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2 acceptance, durability: the server process is killed with SIGKILL right after an
 * acknowledged revocation and an acknowledged rotation; after a restart on the same H2 file the
 * revoked token is still inactive and the rotated refresh token is still used.
 */
class CrashDurabilityTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void serve_killedAfterAcknowledgedRevokeAndRotate_restartKeepsBoth() throws Exception {
    Path config = dir.resolve("jeton.yaml");
    Files.writeString(config, String.join("\n",
        "host: 127.0.0.1",
        "publicUrl: http://jeton.test",
        "argon2: {memoryKib: 64, iterations: 1}",
        "realms:",
        "  - name: durable",
        "    refreshReuseGrace: 0",
        "    clients:",
        "      - {id: app, secret: app-secret, grants: [password, refresh_token]}",
        "    users:",
        "      - {username: alice, password: alice-pass}",
        ""));
    Path data = dir.resolve("data");
    Map<String, String> env = Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64());

    String access;
    String oldRefresh;
    String newRefresh;
    try (ChildJeton first = serve(config, data, env)) {
      String base = base(first);
      JsonNode login = json(ok(post(base + "/token", "app", "app-secret",
          Map.of("grant_type", "password", "username", "alice", "password", "alice-pass"))));
      access = login.get("access_token").asText();
      oldRefresh = login.get("refresh_token").asText();
      ok(post(base + "/revoke", "app", "app-secret", Map.of("token", access, "token_type_hint", "access_token")));
      newRefresh = json(ok(post(base + "/token", "app", "app-secret",
          Map.of("grant_type", "refresh_token", "refresh_token", oldRefresh)))).get("refresh_token").asText();
      first.kill();
    }
    assertThat(newRefresh).isNotEqualTo(oldRefresh);

    try (ChildJeton second = serve(config, data, env)) {
      String base = base(second);
      HttpResponse<String> revoked = post(base + "/introspect", "app", "app-secret", Map.of("token", access));
      assertThat(revoked.statusCode()).isEqualTo(200);
      assertThat(json(revoked)).isEqualTo(ChildJeton.JSON.readTree("{\"active\":false}"));

      JsonNode renewed = json(ok(post(base + "/token", "app", "app-secret",
          Map.of("grant_type", "refresh_token", "refresh_token", newRefresh))));
      HttpResponse<String> fresh = post(base + "/introspect", "app", "app-secret",
          Map.of("token", renewed.get("access_token").asText()));
      assertThat(json(fresh).get("active").asBoolean()).as("a token issued after restart is active").isTrue();

      HttpResponse<String> reused = post(base + "/token", "app", "app-secret",
          Map.of("grant_type", "refresh_token", "refresh_token", oldRefresh));
      assertThat(reused.statusCode()).isEqualTo(400);
      assertThat(json(reused)).isEqualTo(ChildJeton.JSON.readTree(
          "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token has already been used\"}"));
    }
  }

  private ChildJeton serve(Path config, Path data, Map<String, String> env) throws InterruptedException {
    ChildJeton child = ChildJeton.start(env, "serve", "--config", config.toString(),
        "--port", Integer.toString(ChildJeton.freePort()), "--data-dir", data.toString());
    child.await("jeton listening on http://", START);
    return child;
  }

  private static String base(ChildJeton child) throws InterruptedException {
    String line = child.await("jeton listening on http://", START);
    return line.substring(line.indexOf("http://")).trim() + "/realms/durable/oauth2";
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }
}
