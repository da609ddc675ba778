package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review L1, SPEC section 7 "Headers": every response, whatever route or refusal made it, carries
 * {@code X-Content-Type-Options: nosniff}, and every {@code no-store} one {@code Pragma: no-cache}.
 */
class EdgeHeadersTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Probe(String name, Supplier<HttpResponse<String>> send) {}

  @Test
  void everyRoutedResponse_hasNosniff_andPragmaBesideNoStore() {
    String token = node.clientToken("acme").get("access_token").asText();
    List<Probe> probes = List.of(
        new Probe("token 200", () -> node.post("acme", "token", "app", "app-secret", "grant_type=client_credentials")),
        new Probe("token 400", () -> node.post("acme", "token", "app", "app-secret", "grant_type=nope")),
        new Probe("token 401", () -> node.post("acme", "token", "app", "wrong", "grant_type=client_credentials")),
        new Probe("introspect 200", () -> node.post("acme", "introspect", "app", "app-secret", "token=" + token)),
        new Probe("revoke 200", () -> node.post("acme", "revoke", "app", "app-secret", "token=" + token)),
        new Probe("token 413", () -> node.post("acme", "token", "app", "app-secret", "a=" + "x".repeat(5000))),
        new Probe("token 405", () -> node.get("/realms/acme/oauth2/token")),
        new Probe("unknown realm 404", () -> node.get("/realms/nope/oauth2/jwks")),
        new Probe("unknown path 404", () -> node.get("/no/such/path")),
        new Probe("jwks 200", () -> node.get("/realms/acme/oauth2/jwks")),
        new Probe("metadata 200", () -> node.get("/realms/acme/.well-known/openid-configuration")),
        new Probe("live 200", () -> node.get("/health/live")),
        new Probe("ready 200", () -> node.get("/health/ready")),
        new Probe("metrics 200", () -> node.get("/metrics")),
        new Probe("health 405", () -> node.send(HttpRequest.newBuilder(URI.create(node.base() + "/health/ready"))
            .DELETE().build())));
    for (Probe p : probes) {
      HttpResponse<String> r = p.send().get();
      assertThat(r.headers().allValues("X-Content-Type-Options")).as(p.name()).containsExactly("nosniff");
      if (r.headers().firstValue("Cache-Control").orElse("").toLowerCase(Locale.ROOT).contains("no-store")) {
        assertThat(r.headers().allValues("Pragma")).as(p.name()).containsExactly("no-cache");
      }
    }
  }

  @Test
  void helidonRefusalBeforeRouting_hasNosniff() {
    for (String request : List.of(
        "POST /realms/acme/oauth2/token HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "GET /realms/acme/oauth2/jwks HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n")) {
      String response = node.raw(request);
      assertThat(response).startsWith("HTTP/1.1 4");
      assertThat(response.toLowerCase(Locale.ROOT)).contains("x-content-type-options: nosniff")
          .contains("pragma: no-cache");
    }
  }
}
