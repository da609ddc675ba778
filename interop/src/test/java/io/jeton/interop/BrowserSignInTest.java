package io.jeton.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.crypto.MasterKey;
import io.jeton.server.InteropNode;
import io.jeton.server.JetonServer;
import io.jeton.server.config.ConfigLoader;
import io.jeton.server.config.ConfigResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Browser sign-in (SPEC 9, docs/browser.md) end to end against a real node started from {@code
 * jeton-browser.yaml}: {@code src/test/browser/signin.mjs} after {@code npm ci} of its committed
 * lockfile (playwright-core, axe-core, openid-client) into {@code target/}.
 *
 * <p>Without {@code node} and {@code npm} both tests are skipped, saying why. Without {@code
 * /usr/bin/chromium} (Debian's {@code chromium}; Playwright cannot download a browser here) the
 * browser test fails when {@code CI} is set, because {@code .ci/run} installs chromium and a CI run
 * without it has not tested the login page; on a developer machine it is skipped, saying so. The
 * openid-client test needs no browser.
 */
class BrowserSignInTest {
  private static final Path SOURCES = Path.of("src/test/browser");
  private static final Path WORK = Path.of("target/browser-node");
  /** The login page as the browser test saw it; {@code -Djeton.updateScreenshot} copies it to {@link #DOCS_SCREENSHOT}. */
  static final Path SCREENSHOT = Path.of("target", "login-page.png");
  /** The screenshot docs/browser.md and the README show, taken by this test. */
  static final Path DOCS_SCREENSHOT = Path.of("..", "docs", "images", "login-page.png");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static Optional<Path> node;
  private static String missing;
  private static JetonServer server;
  private static String base;
  private static Path dir;

  @BeforeAll
  @Timeout(value = 420, unit = TimeUnit.SECONDS) // a first npm ci downloads playwright-core
  static void start() throws Exception {
    node = Processes.find("node");
    Optional<Path> npm = Processes.find("npm");
    if (node.isEmpty() || npm.isEmpty()) {
      missing = "no " + (node.isEmpty() ? "node" : "npm") + " on the PATH: the browser sign-in is not exercised";
      System.err.println("BrowserSignInTest skipped: " + missing);
      return;
    }
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "signin.mjs")) {
      Files.copy(SOURCES.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) {
      Processes.Result r = Processes.run(WORK, Duration.ofSeconds(300), "",
          List.of(npm.get().toString(), "ci", "--no-audit", "--no-fund", "--prefer-offline"));
      assertThat(r.exitCode()).as("npm ci of the committed lockfile:\n" + r.output()).isZero();
    }
    dir = Files.createTempDirectory("jeton-browser");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    Path yaml = Path.of(BrowserSignInTest.class.getResource("/jeton-browser.yaml").toURI());
    ConfigResult loaded = ConfigLoader.load(Optional.of(yaml), Map.of("JETON_MASTER_KEY",
        MasterKey.generate().toBase64()), Map.of("host", "127.0.0.1", "port", String.valueOf(port), "publicUrl", base,
        "dataDir", dir.toString(), "argon2.memoryKib", "1024", "argon2.iterations", "1", "argon2.parallelism", "1"),
        List.of());
    if (!(loaded instanceof ConfigResult.Ok ok)) {
      throw new IllegalStateException("jeton-browser.yaml: " + ((ConfigResult.Invalid) loaded).problems());
    }
    server = InteropNode.start(ok.config(), InstantSource.system());
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static JsonNode run(String mode, Path userDataDir) {
    ObjectNode in = Jeton.JSON.createObjectNode().put("mode", mode).put("issuer", base + "/realms/shop")
        .put("base", base).put("clientId", "spa").put("redirectUri", "http://spa.example/cb")
        .put("postLogoutRedirectUri", "http://spa.example/bye").put("username", "alice")
        .put("password", "alice-pass").put("chromium", CHROMIUM.toString())
        .put("userDataDir", userDataDir == null ? "" : userDataDir.toAbsolutePath().toString())
        .put("screenshot", SCREENSHOT.toAbsolutePath().normalize().toString());
    in.putObject("introspection").put("clientId", "api").put("secret", "api-secret");
    Processes.Result r = Processes.run(WORK, Duration.ofSeconds(120), in.toString(),
        List.of(node.get().toString(), "signin.mjs"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    String[] lines = r.output().strip().split("\n");
    return Jeton.json(lines[lines.length - 1]);
  }

  @Test
  void openidClient_completesTheCodeFlowWithPkceUnchanged_andRefusesAForgedIss() {
    assumeTrue(missing == null, missing);
    JsonNode out = run("library", null);

    assertThat(out.get("loginStatus").asInt()).isEqualTo(200);
    assertThat(out.get("postStatus").asInt()).isEqualTo(303);
    assertThat(out.get("callbackParams").toString()).isEqualTo("[\"code\",\"state\",\"iss\"]");
    assertThat(out.get("tokenType").asText()).isEqualToIgnoringCase("bearer");
    assertThat(out.get("scope").asText()).isEqualTo("orders:read");
    assertThat(out.get("hasRefreshToken").asBoolean()).isTrue();
    assertThat(out.get("introspection").get("active").asBoolean()).isTrue();
    assertThat(out.get("introspection").get("client_id").asText()).isEqualTo("spa");
    assertThat(out.get("introspection").get("username").asText()).isEqualTo("alice");
    assertThat(out.get("forgedIss").asText()).isEqualTo("OAUTH_INVALID_RESPONSE");
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void chromium_signsInThroughTheLoginPage_exchangesTheCookie_logsOutAndTheTokensDie() throws IOException {
    assumeTrue(missing == null, missing);
    if (!Files.isExecutable(CHROMIUM)) {
      String why = CHROMIUM + " is missing (apt-get install chromium; .ci/run installs it)";
      if (System.getenv("CI") != null) {
        throw new AssertionError("CI must run the browser test: " + why);
      }
      assumeTrue(false, why);
    }
    Path profile = Files.createTempDirectory("jeton-chromium");
    JsonNode out;
    try {
      out = run("browser", profile);
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    assertThat(out.get("loginStatus").asInt()).isEqualTo(200);
    assertThat(out.get("title").asText()).isEqualTo("Sign in · Acme Shop");
    assertThat(out.get("scripts").asInt()).isZero();
    assertThat(out.get("loginHeaders").get("xFrameOptions").asText()).isEqualTo("DENY");
    assertThat(out.get("loginHeaders").get("csp").asText()).startsWith("default-src 'none'; style-src 'self';")
        .contains("frame-ancestors 'none'").doesNotContain("script-src");
    List<String> serious = new ArrayList<>();
    for (JsonNode v : out.get("violations")) {
      String impact = v.get("impact").asText();
      if (impact.equals("serious") || impact.equals("critical")) {
        serious.add(v.toString());
      }
    }
    assertThat(serious).as("axe-core: " + out.get("violations")).isEmpty();
    assertThat(out.get("violations").size()).as("axe-core: " + out.get("violations")).isZero();
    assertThat(out.get("passes").toString()).contains("\"label\"", "\"color-contrast\"", "\"html-has-lang\"");
    assertThat(out.get("focusOrder").toString()).isEqualTo("[\"username\",\"password\",\"button\"]");
    assertThat(out.get("callbackParams").toString()).isEqualTo("[\"code\",\"state\",\"iss\"]");
    assertThat(out.get("sessionCookie").toString())
        .isEqualTo("{\"httpOnly\":true,\"sameSite\":\"Lax\",\"path\":\"/\"}");
    assertThat(out.get("introspection").get("active").asBoolean()).isTrue();
    assertThat(out.get("introspection").get("username").asText()).isEqualTo("alice");
    assertThat(out.get("secondRedirectedAtOnce").asBoolean()).isTrue();
    assertThat(out.get("exchangeStatus").asInt()).isEqualTo(200);
    assertThat(out.get("aminoIntrospection").get("active").asBoolean()).isTrue();
    assertThat(out.get("aminoIntrospection").get("client_id").asText()).isEqualTo("tv");
    assertThat(out.get("postLogoutUrl").asText()).isEqualTo("http://spa.example/bye?state=bye-1");
    assertThat(out.get("afterLogout").asBoolean()).isFalse();
    assertThat(out.get("aminoAfterLogout").asBoolean()).isFalse();
    assertThat(out.get("exchangeAfterLogout").asInt()).isEqualTo(401);
    assertThat(out.get("failed").toString()).isEqualTo("[]");
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(1000);
    if (System.getProperty("jeton.updateScreenshot") != null) {
      Files.createDirectories(DOCS_SCREENSHOT.getParent());
      Files.copy(SCREENSHOT, DOCS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
