package io.jeton.cli;

import static io.jeton.cli.ChildJeton.json;
import static io.jeton.cli.ChildJeton.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.crypto.MasterKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load on the embedded H2 store: requests in flight while the server drains are
 * answered, never with a 5xx. H2 closes its database from a shutdown hook of its own unless told
 * not to, which raced Jeton's drain and answered "Database is already closed" with 500s.
 */
class GracefulShutdownTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void serve_sigtermWhileRequestsWriteToTheStore_answersNo5xx() throws Exception {
    Path config = dir.resolve("jeton.yaml");
    Files.writeString(config, String.join("\n",
        "host: 127.0.0.1",
        "publicUrl: http://jeton.test",
        "realms:",
        "  - name: drain",
        "    clients:",
        "      - {id: app, secret: app-secret, grants: [client_credentials]}",
        ""));
    Map<String, String> env = Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64());
    try (ChildJeton child = ChildJeton.start(env, "serve", "--config", config.toString(),
        "--port", Integer.toString(ChildJeton.freePort()), "--data-dir", dir.resolve("data").toString())) {
      String line = child.await("jeton listening on http://", START);
      String base = line.substring(line.indexOf("http://")).trim() + "/realms/drain/oauth2";
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      List<Thread> load = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        load.add(Thread.ofPlatform().start(() -> {
          // each round writes a revocation: a store write per request, until the server is gone
          while (true) {
            try {
              HttpResponse<String> cc = post(base + "/token", "app", "app-secret",
                  Map.of("grant_type", "client_credentials"));
              count(statuses, cc.statusCode());
              if (cc.statusCode() != 200) {
                continue;
              }
              HttpResponse<String> revoke = post(base + "/revoke", "app", "app-secret",
                  Map.of("token", json(cc).get("access_token").asText()));
              count(statuses, revoke.statusCode());
            } catch (RuntimeException e) {
              return; // refused or reset: the server has stopped
            }
          }
        }));
      }
      Thread.sleep(1500);
      child.process.destroy(); // SIGTERM: the shutdown hooks run
      assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
      for (Thread t : load) {
        t.join(30_000);
      }
      assertThat(statuses.get(200)).as("load ran: %s", statuses).isNotNull();
      assertThat(statuses.keySet()).as("statuses during load and drain; output:%n%s", child.output())
          .allMatch(s -> s < 500);
      assertThat(child.output()).doesNotContain("Database is already closed");
    }
  }

  private static void count(Map<Integer, AtomicInteger> statuses, int status) {
    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
  }
}
