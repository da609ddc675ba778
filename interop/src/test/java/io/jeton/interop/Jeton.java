package io.jeton.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.crypto.MasterKey;
import io.jeton.server.InteropNode;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One real Jeton node for every interop test in the JVM: started once from {@code
 * jeton-interop.yaml} through the same loader as {@code bin/jeton serve --config}, on a free
 * loopback port, H2 in a temp directory. It starts two hours in the past and mints one
 * token per realm there, then moves to the present: those tokens expired an hour ago, so every
 * verifier must refuse them whatever clock skew it allows.
 */
public final class Jeton {
  public static final ObjectMapper JSON = new ObjectMapper();
  /** The realms of jeton-interop.yaml. */
  public static final List<String> REALMS = List.of("spring", "spring-other", "rfc", "rfc-other");
  /** The realms' {@code audience}. */
  public static final String AUDIENCE = "orders-api";
  public static final String SCOPE = "orders:read orders:write";
  private static final Duration PAST = Duration.ofHours(2);
  private static Jeton shared;

  final JetonServer server;
  final String base;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> expired = new ConcurrentHashMap<>();

  private Jeton(JetonServer server, String base, Path dir) {
    this.server = server;
    this.base = base;
    this.dir = dir;
  }

  /** The node, started on first use and closed when the JVM exits. */
  public static synchronized Jeton shared() {
    if (shared == null) {
      shared = start();
      Jeton node = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(node::close, "jeton-interop-stop"));
    }
    return shared;
  }

  private static Jeton start() {
    try {
      Path dir = Files.createTempDirectory("jeton-interop");
      Path yaml = Path.of(Jeton.class.getResource("/jeton-interop.yaml").toURI());
      int port = freePort();
      String base = "http://127.0.0.1:" + port;
      ConfigResult loaded = ConfigLoader.load(Optional.of(yaml),
          Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64()),
          Map.of("host", "127.0.0.1", "port", String.valueOf(port), "publicUrl", base, "dataDir", dir.toString(),
              "argon2.memoryKib", "1024", "argon2.iterations", "1", "argon2.parallelism", "1"),
          List.of());
      if (!(loaded instanceof ConfigResult.Ok ok)) {
        throw new IllegalStateException("jeton-interop.yaml: " + ((ConfigResult.Invalid) loaded).problems());
      }
      ShiftedClock clock = new ShiftedClock(PAST.negated());
      Jeton node = new Jeton(InteropNode.start(ok.config(), clock), base, dir);
      for (String realm : REALMS) {
        node.expired.put(realm, node.clientToken(realm));
      }
      clock.shift = Duration.ZERO;
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the node and deletes its data directory. */
  private void close() {
    server.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory: left behind at worst
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The realm's issuer: its {@code iss}, and what resource servers are configured with. */
  public String issuer(String realm) {
    return base + "/realms/" + realm;
  }

  public String jwksUri(String realm) {
    return issuer(realm) + "/oauth2/jwks";
  }

  public String tokenUri(String realm) {
    return issuer(realm) + "/oauth2/token";
  }

  public String introspectionUri(String realm) {
    return issuer(realm) + "/oauth2/introspect";
  }

  /** A client_credentials token of client {@code app} with both scopes; {@code extra} form fields after. */
  public String clientToken(String realm, String... extra) {
    String[] form = new String[4 + extra.length];
    form[0] = "grant_type";
    form[1] = "client_credentials";
    form[2] = "scope";
    form[3] = SCOPE;
    System.arraycopy(extra, 0, form, 4, extra.length);
    return token(realm, form);
  }

  /** A password-grant token of user alice through client {@code app}. */
  public String userToken(String realm) {
    return token(realm, "grant_type", "password", "username", "alice", "password", "alice-pass", "scope", "orders:read");
  }

  /** A client_credentials token of {@code app} minted two hours ago: expired for an hour (TTL 3600 s). */
  public String expiredToken(String realm) {
    return expired.get(realm);
  }

  private String token(String realm, String... form) {
    HttpResponse<String> r = post(tokenUri(realm), "app", "app-secret", form);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r.body()).get("access_token").asText();
  }

  /** RFC 7662 introspection as the realm's {@code gateway} client. */
  public JsonNode introspect(String realm, String token) {
    HttpResponse<String> r = post(introspectionUri(realm), "gateway", "gateway-secret", "token", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r.body());
  }

  /** RFC 7009 revocation by the token's own client. */
  public void revoke(String realm, String token) {
    HttpResponse<String> r = post(issuer(realm) + "/oauth2/revoke", "app", "app-secret", "token", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private HttpResponse<String> post(String uri, String client, String secret, String... form) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(form[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(body, e);
    }
  }

  /** The claims of a JWT, unverified (to know what a verifier should have seen). */
  public static JsonNode claims(String jwt) {
    return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /**
   * The token with its claims changed and its signature kept: the scope widened to {@code
   * orders:admin}, as an attacker would. Every verifier must refuse it.
   */
  public static String tampered(String jwt) {
    String[] parts = jwt.split("\\.");
    ObjectNode claims = (ObjectNode) claims(jwt);
    claims.put("scope", "orders:read orders:write orders:admin");
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    String forged = parts[0] + "." + payload + "." + parts[2];
    assertThat(forged).isNotEqualTo(jwt);
    return forged;
  }

  /** The system clock, shifted; the shift is changed once, after the expired tokens are minted. */
  private static final class ShiftedClock implements InstantSource {
    volatile Duration shift;

    ShiftedClock(Duration shift) {
      this.shift = shift;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(shift);
    }
  }
}
