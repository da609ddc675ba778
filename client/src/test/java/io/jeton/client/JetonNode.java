package io.jeton.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.crypto.MasterKey;
import io.jeton.server.JetonServer;
import io.jeton.server.config.ConfigLoader;
import io.jeton.server.config.ConfigResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real Jeton node for every SDK test in the JVM: started once from {@code jeton-sdk.yaml}
 * through the same loader as {@code bin/jeton serve --config}, on a free loopback port, H2 in a
 * temp directory, cheap Argon2; closed when the JVM exits.
 */
final class JetonNode {
  private static JetonNode shared;

  final JetonServer server;
  final String base;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private JetonNode(JetonServer server, String base, Path dir) {
    this.server = server;
    this.base = base;
    this.dir = dir;
  }

  static synchronized JetonNode shared() {
    if (shared == null) {
      shared = start();
      JetonNode node = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(node::close, "jeton-sdk-stop"));
    }
    return shared;
  }

  private static JetonNode start() {
    try {
      Path dir = Files.createTempDirectory("jeton-sdk");
      Path yaml = Path.of(JetonNode.class.getResource("/jeton-sdk.yaml").toURI());
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      String base = "http://127.0.0.1:" + port;
      ConfigResult loaded = ConfigLoader.load(Optional.of(yaml),
          Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64()),
          Map.of("host", "127.0.0.1", "port", String.valueOf(port), "publicUrl", base, "dataDir", dir.toString(),
              "argon2.memoryKib", "1024", "argon2.iterations", "1", "argon2.parallelism", "1"),
          List.of());
      if (!(loaded instanceof ConfigResult.Ok ok)) {
        throw new IllegalStateException("jeton-sdk.yaml: " + ((ConfigResult.Invalid) loaded).problems());
      }
      return new JetonNode(JetonServer.start(ok.config().server(), ok.config().realms(), ok.config().dialects()),
          base, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void close() {
    server.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory: left behind at worst
    }
  }

  /** The realm's issuer, {@code {publicUrl}/realms/{realm}}. */
  URI issuer(String realm) {
    return URI.create(base + "/realms/" + realm);
  }

  /** A client_credentials token of {@code app}. */
  String clientToken(String realm) {
    return tokenAnswer(realm, "grant_type", "client_credentials").get("access_token").toString();
  }

  /** A password-grant answer for alice through {@code app}. */
  Map<String, Object> login(String realm) {
    return tokenAnswer(realm, "grant_type", "password", "username", "alice", "password", "alice-pass");
  }

  Map<String, Object> tokenAnswer(String realm, String... form) {
    HttpResponse<String> r = post(issuer(realm) + "/oauth2/token", "app", "app-secret", form);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r.body());
  }

  /** RFC 7009 revocation by {@code app}. */
  void revoke(String realm, String token) {
    HttpResponse<String> r = post(issuer(realm) + "/oauth2/revoke", "app", "app-secret", "token", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** Audit events of a type in the realm, after the asynchronous ones are written. */
  long audited(String realm, AuditType type) {
    server.engine().flushAudit();
    List<AuditEvent> events = server.database().stores().audit().recent(realm, 100_000);
    return events.stream().filter(e -> e.type() == type).count();
  }

  HttpResponse<String> post(String uri, String client, String secret, String... form) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(form[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded");
    if (client != null) {
      String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
      req.header("Authorization", "Basic " + basic);
    }
    return send(req.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  HttpResponse<String> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> json(String body) {
    try {
      return JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** The claims of a JWT, unverified. */
  static Map<String, Object> claims(String jwt) {
    return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
