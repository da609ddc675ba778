package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.audit.AuditType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC 7 brute force over HTTP, on H2 and on PostgreSQL, written as the attacks (review H2): a
 * hundred parallel password guesses against one user, and a secret-guessing run against one
 * client. Realm {@code shop} has the default lockout: 5 failures, 60 s; 20 client failures a
 * minute.
 */
class BruteForceHttpTest {
  private static TestNode h2;
  private static TestNode postgres;

  @BeforeAll
  static void start() {
    h2 = DialectFixture.start();
    postgres = TestNode.startOnPostgres(DialectFixture.imports(), DialectFixture.mounts());
  }

  @AfterAll
  static void stop() {
    if (h2 != null) {
      h2.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static HttpResponse<String> password(TestNode node, String user, String password) {
    return node.post("shop", "token", "app", "app-secret", form("grant_type", "password", "username", user,
        "password", password));
  }

  private static HttpResponse<String> c1Login(TestNode node, String user, String password) {
    return DialectFixture.send(node, DialectFixture.request(node, "/auth/login").header("Content-Type", JSON_TYPE)
        .header("Authorization", basic("app", "app-secret"))
        .POST(body("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
  }

  @Test
  void password_hundredParallelGuessesOnH2_atMostMaxFailuresAreEvaluatedThenTheRightOneIsRefused() throws Exception {
    hundredParallelGuesses(h2);
  }

  @Test
  void password_hundredParallelGuessesOnPostgres_atMostMaxFailuresAreEvaluatedThenTheRightOneIsRefused()
      throws Exception {
    hundredParallelGuesses(postgres);
  }

  private static void hundredParallelGuesses(TestNode node) throws Exception {
    HttpResponse<String> wrongC1 = c1Login(node, "bob", "not-bobs"); // what a wrong password looks like in C1
    long before = node.server.engine().passwordVerifications();
    List<Future<HttpResponse<String>>> guesses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(100)) {
      for (int i = 0; i < 100; i++) {
        String guess = "guess-" + i;
        guesses.add(pool.submit(() -> password(node, "carol", guess)));
      }
    }
    String wrongBody = "{\"error\":\"invalid_grant\",\"error_description\":\"invalid username or password\"}";
    for (Future<HttpResponse<String>> g : guesses) {
      assertThat(g.get().statusCode()).as(g.get().body()).isEqualTo(400);
      assertThat(g.get().body()).isEqualTo(wrongBody);
    }
    assertThat(node.server.engine().passwordVerifications() - before).isBetween(1L, 5L);

    // locked: the right password gets exactly a wrong password's answer, in every API, unevaluated
    HttpResponse<String> right = password(node, "carol", "carol-pass");
    assertThat(right.statusCode()).isEqualTo(400);
    assertThat(right.body()).isEqualTo(wrongBody);
    HttpResponse<String> rightC1 = c1Login(node, "carol", "carol-pass");
    assertThat(rightC1.statusCode()).isEqualTo(wrongC1.statusCode());
    assertThat(rightC1.body()).isEqualTo(wrongC1.body());
    assertThat(node.server.engine().passwordVerifications() - before).isBetween(1L, 5L);

    node.server.engine().flushAudit();
    assertThat(node.server.database().stores().audit().recent("shop", 1000))
        .filteredOn(e -> e.type() == AuditType.LOCKOUT).extracting(e -> e.username()).containsExactly("carol");

    // bin/jeton user unlock lifts it
    assertThat(node.server.engine().unlockUser(node.server.engine().realm("shop").orElseThrow(), "carol"))
        .isEqualTo(io.jeton.core.lockout.Unlock.LIFTED);
    assertThat(password(node, "carol", "carol-pass").statusCode()).isEqualTo(200);
  }

  @Test
  void clientSecretGuessing_pastClientMaxFailures_gets429WithRetryAfterEvenForTheRightSecret() {
    for (TestNode node : List.of(h2, postgres)) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = node.post("shop", "token", "ccOnly", "guess-" + i,
            form("grant_type", "client_credentials"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
      }
      HttpResponse<String> right = node.post("shop", "token", "ccOnly", "cc-secret",
          form("grant_type", "client_credentials"));
      assertThat(right.statusCode()).as(right.body()).isEqualTo(429);
      assertThat(TestNode.json(right).get("error").asText()).isEqualTo("slow_down");
      assertThat(right.headers().firstValue("Retry-After").map(Integer::parseInt).orElseThrow()).isBetween(1, 60);
      assertThat(right.headers().firstValue("Cache-Control")).contains("no-store");

      // the same client from C1: 429 in C1's shape
      HttpRequest.Builder c1 = DialectFixture.request(node, "/auth/login").header("Content-Type", JSON_TYPE)
          .header("Authorization", basic("ccOnly", "cc-secret")).POST(body("{\"username\":\"alice\","
              + "\"password\":\"alice-pass\"}"));
      HttpResponse<String> inC1 = node.send(c1.build());
      assertThat(inC1.statusCode()).isEqualTo(429);
      assertThat(TestNode.json(inC1).get("code").asInt()).isEqualTo(429);
      assertThat(inC1.headers().firstValue("Retry-After")).isPresent();

      // another client from the same address is not affected
      assertThat(node.post("shop", "token", "app", "app-secret", form("grant_type", "client_credentials"))
          .statusCode()).isEqualTo(200);
    }
  }
}
