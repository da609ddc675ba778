package io.jeton.cli;

import static io.jeton.cli.ChildJeton.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.crypto.MasterKey;
import io.jeton.testkit.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jeton keys list|rotate} (SPEC 10 and 11) against a server running on the same
 * PostgreSQL database: a rotation is in the running node's JWKS within its key reload and signs
 * only after keyPublishSeconds; {@code --now} signs at once; unknown realm 3, bad arguments 2.
 */
class KeysCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void keysRotateAndList_whileTheServerRuns_publishFirstThenSign() throws Exception {
    Path file = dir.resolve("realms.yaml");
    Files.writeString(file, String.join("\n",
        "realms:",
        "  - name: acme",
        "    accessTokenTtl: 300",
        "    keyPublishSeconds: 600",
        "    clients: [{id: app, secret: app-secret, grants: [client_credentials]}]",
        ""));
    try (PostgresDatabase db = PostgresDatabase.create()) {
      Map<String, String> env = Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64(),
          "JETON_DATA_DIR", dir.resolve("data").toString(), "JETON_ARGON2_MEMORY_KIB", "64",
          "JETON_DB_URL", db.url(), "JETON_DB_USER", PostgresDatabase.USER, "JETON_KEYS_RELOAD_SECONDS", "1");
      int port = ChildJeton.freePort();
      String base = "http://127.0.0.1:" + port + "/realms/acme/oauth2";
      try (ChildJeton serve = ChildJeton.start(env, "serve", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--import", file.toString())) {
        serve.await("jeton listening on", WAIT);
        String first = kidOf(token(base));

        JsonNode rotated = jsonLine(run(env, 0, "keys", "rotate", "--realm", "acme", "--json"));
        String pending = rotated.get("kid").asText();
        assertThat(rotated.get("realm").asText()).isEqualTo("acme");
        assertThat(rotated.get("alg").asText()).isEqualTo("ES256");
        assertThat(rotated.get("state").asText()).isEqualTo("pending");
        assertThat(Duration.between(Instant.parse(rotated.get("createdAt").asText()),
            Instant.parse(rotated.get("activatesAt").asText()))).isEqualTo(Duration.ofSeconds(600));

        assertThat(eventually(() -> jwksKids(base), kids -> kids.contains(pending)))
            .as("the running node publishes the pending key within its reload").containsExactly(first, pending);
        assertThat(kidOf(token(base))).as("but does not sign with it").isEqualTo(first);

        JsonNode listed = jsonLine(run(env, 0, "keys", "list", "--realm", "acme", "--json"));
        assertThat(listed.get("keys").findValuesAsText("kid")).containsExactly(first, pending);
        assertThat(listed.get("keys").findValuesAsText("state")).containsExactly("active", "pending");
        JsonNode old = listed.get("keys").get(0);
        assertThat(old.get("retiredAt").asText()).isEqualTo(rotated.get("activatesAt").asText());
        assertThat(Duration.between(Instant.parse(old.get("retiredAt").asText()),
            Instant.parse(old.get("deleteAfter").asText()))).as("access TTL + 60 s").isEqualTo(Duration.ofSeconds(360));
        assertThat(listed.get("keys").get(1).get("retiredAt").isNull()).isTrue();

        ChildJeton now = run(env, 0, "keys", "rotate", "--realm", "acme", "--now");
        assertThat(now.output()).contains("jeton: WARNING: the new key signs now")
            .contains("rotated the signing key of realm 'acme': new key ").contains(" signs now");
        String immediate = now.output().replaceAll("(?s).*new key (\\S+) \\(ES256\\) signs now.*", "$1");
        assertThat(eventually(() -> kidOf(token(base)), immediate::equals)).isEqualTo(immediate);
        assertThat(jwksKids(base)).containsExactly(first, pending, immediate);

        ChildJeton table = run(env, 0, "keys", "list", "--realm", "acme");
        assertThat(table.lines.getFirst()).startsWith("KID").contains("STATE", "SIGNS FROM", "DELETE AFTER");
        assertThat(table.lines).anySatisfy(l -> assertThat(l).startsWith(first).contains(" retired "));
        assertThat(table.lines).anySatisfy(l -> assertThat(l).startsWith(pending).contains(" retired "));
        assertThat(table.lines).anySatisfy(l -> assertThat(l).startsWith(immediate).contains(" active "));
      }
      assertThat(run(env, 3, "keys", "list", "--realm", "nope").output()).contains("jeton: no realm 'nope'");
      assertThat(run(env, 3, "keys", "rotate", "--realm", "nope", "--json").output())
          .contains("jeton: no realm 'nope'");
      run(env, 2, "keys", "rotate");
      run(env, 2, "keys", "list", "--realm", "acme", "--colour", "blue");
    }
  }

  private static ChildJeton run(Map<String, String> env, int status, String... args) throws Exception {
    try (ChildJeton c = ChildJeton.start(env, args)) {
      assertThat(c.exitCode(WAIT)).as(String.join(" ", args) + ":\n" + c.output()).isEqualTo(status);
      return c;
    }
  }

  private static JsonNode jsonLine(ChildJeton c) throws Exception {
    String line = c.lines.stream().filter(l -> l.startsWith("{")).findFirst()
        .orElseThrow(() -> new AssertionError("no JSON line in:\n" + c.output()));
    return ChildJeton.JSON.readTree(line);
  }

  private static String token(String base) {
    HttpResponse<String> r = post(base + "/token", "app", "app-secret", Map.of("grant_type", "client_credentials"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ChildJeton.json(r).get("access_token").asText();
  }

  private static String kidOf(String jwt) {
    try {
      return SignedJWT.parse(jwt).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> jwksKids(String base) {
    try {
      HttpResponse<String> r = ChildJeton.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/jwks")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=300");
      return JWKSet.parse(r.body()).getKeys().stream().map(JWK::getKeyID).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Polls {@code probe} every 100 ms until {@code done}; fails with the last value after the wait. */
  private static <T> T eventually(java.util.function.Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      assertThat(System.nanoTime()).as("last seen: " + last).isLessThan(end);
      Thread.sleep(100);
      last = probe.get();
    }
    return last;
  }
}
