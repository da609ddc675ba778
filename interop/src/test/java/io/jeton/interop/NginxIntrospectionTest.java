package io.jeton.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recipe 6 (docs/integrations.md): nginx ({@code auth_request} and njs) in front of an API,
 * checking each bearer token with Jeton's introspection on realm {@code rfc}. nginx runs as this
 * test's child process, with its own configuration and a loopback port (no system service);
 * skipped, with the reason, where nginx or its njs module is not installed ({@code apt-get
 * install nginx-light libnginx-mod-http-js}; {@code .ci/run} tries).
 */
class NginxIntrospectionTest {
  private static final Path NJS = Path.of("/usr/lib/nginx/modules/ngx_http_js_module.so");
  private static final Jeton JETON = Jeton.shared();
  private static String missing;
  private static Process nginx;
  private static HttpServer api;
  private static Path prefix;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> bin = Processes.find("nginx", "/usr/sbin/nginx");
    if (bin.isEmpty() || !Files.isReadable(NJS)) {
      missing = (bin.isEmpty() ? "no nginx on the PATH or in /usr/sbin" : "no njs module at " + NJS)
          + ": the nginx auth_request recipe is not exercised (apt-get install nginx-light libnginx-mod-http-js)";
      System.err.println("NginxIntrospectionTest skipped: " + missing);
      return;
    }
    // the API behind nginx: echoes what nginx told it about the caller
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    api.createContext("/orders/", exchange -> {
      ObjectNode seen = Jeton.JSON.createObjectNode();
      seen.put("sub", exchange.getRequestHeaders().getFirst("X-Jeton-Sub"));
      seen.put("client_id", exchange.getRequestHeaders().getFirst("X-Jeton-Client-Id"));
      seen.put("scope", exchange.getRequestHeaders().getFirst("X-Jeton-Scope"));
      seen.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = seen.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();

    prefix = Files.createTempDirectory("jeton-nginx");
    Files.createDirectories(prefix.resolve("tmp"));
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    URI jeton = URI.create(JETON.base);
    String conf = resource("nginx/nginx.conf")
        .replace("@PREFIX@", prefix.toString())
        .replace("@JETON@", jeton.getHost() + ":" + jeton.getPort())
        .replace("@ORDERS@", "127.0.0.1:" + api.getAddress().getPort())
        .replace("@LISTEN@", "127.0.0.1:" + port)
        .replace("@GATEWAY_BASIC@", Base64.getEncoder().encodeToString(
            "gateway:gateway-secret".getBytes(StandardCharsets.UTF_8)));
    Files.writeString(prefix.resolve("nginx.conf"), conf);
    Files.writeString(prefix.resolve("jeton.js"), resource("nginx/jeton.js"));
    nginx = new ProcessBuilder(bin.get().toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf")
        .toString(), "-e", prefix.resolve("error.log").toString()).redirectErrorStream(true)
        .redirectOutput(prefix.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!listening(port)) {
      if (!nginx.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("nginx did not start: " + log());
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
    }
    if (api != null) {
      api.stop(0);
    }
  }

  private static String resource(String name) throws IOException {
    try (var in = NginxIntrospectionTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String log() {
    try {
      return Files.readString(prefix.resolve("error.log")) + Files.readString(prefix.resolve("stdout.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static HttpResponse<String> order(String token) {
    assumeTrue(missing == null, missing);
    return Http.get(base + "/orders/42", token);
  }

  private static void assertRefused(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body() + log()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"orders\"");
    assertThat(r.body()).doesNotContain("client_id");
  }

  @Test
  void activeToken_passes_theApiSeesTheCallerNotTheToken() {
    HttpResponse<String> r = order(JETON.clientToken("rfc"));

    assertThat(r.statusCode()).as(r.body() + log()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(
        "{\"sub\":\"app\",\"client_id\":\"app\",\"scope\":\"orders:read orders:write\",\"authorization\":null}");
  }

  @Test
  void userToken_passes_withTheUsersId() {
    String token = JETON.userToken("rfc");
    HttpResponse<String> r = order(token);

    assertThat(r.statusCode()).as(r.body() + log()).isEqualTo(200);
    JsonNode seen = Jeton.json(r.body());
    assertThat(seen.get("sub").asText()).isEqualTo(JETON.introspect("rfc", token).get("sub").asText());
    assertThat(seen.get("scope").asText()).isEqualTo("orders:read");
  }

  @Test
  void tamperedExpiredOtherRealmAndOtherAudienceTokens_refused() {
    assertRefused(order(Jeton.tampered(JETON.clientToken("rfc"))));
    assertRefused(order(JETON.expiredToken("rfc")));
    assertRefused(order(JETON.clientToken("rfc-other")));
    assertRefused(order(JETON.clientToken("rfc", "resource", "https://billing.example")));
  }

  @Test
  void noTokenOrNotBearer_refused() {
    assertRefused(order(null));
    assumeTrue(missing == null, missing);
    assertRefused(Http.get(base + "/orders/42", "not a token"));
  }

  @Test
  void revokedToken_refusedAtOnce_whatOnlyIntrospectionGives() throws InterruptedException {
    String token = JETON.clientToken("rfc");
    assertThat(order(token).statusCode()).isEqualTo(200);

    JETON.revoke("rfc", token);

    // SPEC 1: every node reports a revoked token inactive within 1 s
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    HttpResponse<String> r = order(token);
    while (r.statusCode() != 401 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      r = order(token);
    }
    assertRefused(r);
  }
}
