package io.jeton.cli;

import static io.jeton.cli.ChildJeton.json;
import static io.jeton.cli.ChildJeton.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoServeTest {
  private static final Pattern CURL =
      Pattern.compile("curl -s -u ([^:]+):(\\S+) -d grant_type=client_credentials (\\S+)");

  @TempDir Path dir;

  @Test
  void serveDemo_printedCurlCommand_getsAToken() throws Exception {
    Path data = dir.resolve("data");
    int port = ChildJeton.freePort();
    try (ChildJeton child = ChildJeton.start(Map.of(), "serve", "--demo", "--port", Integer.toString(port),
        "--data-dir", data.toString(), "--argon2-memory-kib", "64", "--argon2-iterations", "1")) {
      child.await("jeton listening on http://127.0.0.1:" + port, Duration.ofSeconds(60));
      Matcher curl = CURL.matcher(child.await("grant_type=client_credentials", Duration.ofSeconds(10)));
      assertThat(curl.find()).isTrue();
      assertThat(curl.group(1)).isEqualTo("demo-client");
      assertThat(curl.group(3)).isEqualTo("http://localhost:" + port + "/realms/demo/oauth2/token");

      HttpResponse<String> cc = post(curl.group(3), curl.group(1), curl.group(2),
          Map.of("grant_type", "client_credentials"));
      HttpResponse<String> login = post(curl.group(3), curl.group(1), curl.group(2),
          Map.of("grant_type", "password", "username", "demo", "password", "demo"));

      assertThat(cc.statusCode()).as(cc.body()).isEqualTo(200);
      assertThat(json(cc).get("token_type").asText()).isEqualTo("Bearer");
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      JsonNode tokens = json(login);
      assertThat(tokens.has("refresh_token")).isTrue();
      assertThat(Files.readString(data.resolve("demo-client.secret")).trim()).isEqualTo(curl.group(2));
      assertThat(Files.exists(data.resolve("master.key"))).as("demo master key generated").isTrue();
      assertThat(child.output()).contains("DEMO MODE");
      assertThat(child.output()).contains("Seed APIs for this realm (docs/dialects/): c1 /auth/login, "
          + "onesait /oauth-server/oauth/token, ags /ags/signon, amino /amino/login");

      String basic = Base64.getEncoder().encodeToString((curl.group(1) + ":" + curl.group(2))
          .getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> c1 = ChildJeton.HTTP.send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + port + "/auth/login"))
          .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"demo\",\"password\":\"demo\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(c1.statusCode()).as(c1.body()).isEqualTo(200);
      assertThat(json(c1).get("tokenType").asText()).isEqualTo("bearer");
    }
  }

  @Test
  void serveCheck_demo_startsStopsAndExitsZero() throws Exception {
    try (ChildJeton child = ChildJeton.start(Map.of(), "serve", "--demo", "--check", "--port", "0",
        "--data-dir", dir.resolve("check").toString(), "--argon2-memory-kib", "64")) {
      assertThat(child.exitCode(Duration.ofSeconds(60))).as(child.output()).isZero();
      assertThat(child.lines).contains("jeton: started and stopped cleanly (--check)");
      assertThat(child.output()).contains("jeton listening on http://127.0.0.1:");
    }
  }

  /** SPEC 8: {@code --demo --tls} serves HTTPS with a self-signed pair it generates, and says so loudly. */
  @Test
  void serveCheckDemoTls_generatesASelfSignedPairAndGetsATokenOverHttps() throws Exception {
    Path data = dir.resolve("check-tls");
    try (ChildJeton child = ChildJeton.start(Map.of(), "serve", "--demo", "--tls", "--check", "--port", "0",
        "--data-dir", data.toString(), "--argon2-memory-kib", "64")) {
      assertThat(child.exitCode(Duration.ofSeconds(60))).as(child.output()).isZero();
      assertThat(child.lines).contains("jeton: started and stopped cleanly (--check)");
      assertThat(child.output()).contains("jeton listening on https://127.0.0.1:")
          .contains("WARNING: TLS with a SELF-SIGNED certificate");
    }
    assertThat(data.resolve("demo-tls.crt")).exists();
    assertThat(data.resolve("demo-tls.key")).exists();
  }

  @Test
  void serveTls_withoutDemo_exitsTwo() throws Exception {
    try (ChildJeton child = ChildJeton.start(Map.of("JETON_MASTER_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        "serve", "--tls", "--check", "--port", "0", "--data-dir", dir.resolve("tls-no-demo").toString())) {
      assertThat(child.exitCode(Duration.ofSeconds(60))).as(child.output()).isEqualTo(2);
      assertThat(child.output()).contains("--tls generates a self-signed certificate for --demo only");
    }
  }

  /** Review M4, attack 10 (b): from another host, the demo's demo/demo ADMIN user is not reachable. */
  @Test
  void serveDemo_noHost_listensOnLoopbackOnly() throws Exception {
    int port = ChildJeton.freePort();
    try (ChildJeton child = ChildJeton.start(Map.of(), "serve", "--demo", "--port", Integer.toString(port),
        "--data-dir", dir.resolve("loop").toString(), "--argon2-memory-kib", "64")) {
      child.await("jeton listening on http://127.0.0.1:" + port, Duration.ofSeconds(60));
      try (Socket loopback = new Socket()) {
        loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        assertThat(loopback.isConnected()).isTrue();
      }
      for (InetAddress other : externalAddresses()) {
        assertThatThrownBy(() -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(other, port), 2000);
          }
        }).as("connection to " + other).isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void serveDemo_explicitHost_isHonoured() throws Exception {
    try (ChildJeton child = ChildJeton.start(Map.of(), "serve", "--demo", "--check", "--host", "0.0.0.0",
        "--port", "0", "--data-dir", dir.resolve("any").toString(), "--argon2-memory-kib", "64")) {
      assertThat(child.exitCode(Duration.ofSeconds(60))).as(child.output()).isZero();
      assertThat(child.output()).contains("jeton listening on http://0.0.0.0:");
    }
  }

  /** Review H3, M4: an inherited JETON_DEMO or a demo against an external database starts nothing. */
  @Test
  void serve_demoFromEnvironmentOrWithExternalDatabase_exitsTwoAndWritesNothing() throws Exception {
    Path data = dir.resolve("refused");
    try (ChildJeton child = ChildJeton.start(Map.of("JETON_DEMO", "true"), "serve", "--data-dir", data.toString())) {
      assertThat(child.exitCode(Duration.ofSeconds(60))).as(child.output()).isEqualTo(2);
      assertThat(child.output()).contains("JETON_DEMO: demo mode is turned on only by the --demo flag of serve");
    }
    try (ChildJeton child = ChildJeton.start(Map.of("JETON_DB_URL", "jdbc:postgresql://127.0.0.1:5432/jeton"),
        "serve", "--demo", "--data-dir", data.toString())) {
      assertThat(child.exitCode(Duration.ofSeconds(60))).as(child.output()).isEqualTo(2);
      assertThat(child.output()).contains("--demo runs only on its own embedded database under dataDir");
    }
    assertThat(Files.exists(data)).as("nothing was created").isFalse();
  }

  /** Every address of this host's interfaces but the loopback ones. */
  private static List<InetAddress> externalAddresses() throws SocketException {
    List<InetAddress> out = new ArrayList<>();
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (n.isUp() && !n.isLoopback()) {
        for (InetAddress a : Collections.list(n.getInetAddresses())) {
          if (!a.isLinkLocalAddress()) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }
}
