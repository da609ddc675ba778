package io.jeton.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.crypto.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Three (or more) Jeton nodes on one PostgreSQL database, each a {@code jeton.jar serve} process
 * ({@link Node}) with the same configuration, master key and public URL (so that a token issued
 * by one node has the issuer every other node expects). The first node imports the realm; the
 * others start once it listens, with the same configuration minus the realm, and read the realm,
 * its client, user and signing key from the database.
 *
 * <p>Realm {@code {@value #REALM}} has a confidential client {@code app} (secret {@code app-secret},
 * password and refresh grants) and a user {@code alice} ({@code alice-pass}); C1 is bound to it.
 */
final class Cluster implements AutoCloseable {
  static final String REALM = "cluster";
  static final String CLIENT = "app";
  static final String SECRET = "app-secret";
  static final String USER = "alice";
  static final String PASSWORD = "alice-pass";
  static final String PUBLIC_URL = "http://jeton-cluster.test";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String dbUrl;
  private final List<Node> nodes;

  private Cluster(String dbUrl, List<Node> nodes) {
    this.dbUrl = dbUrl;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts {@code count} nodes on {@code dbUrl} (user postgres, no password), writing their files
   * and logs under {@code dir}. {@code realmExtra} is appended to the realm's YAML (indented keys such
   * as {@code "    refreshReuseGrace: 2"}), {@code topExtra} to the top level.
   */
  static Cluster start(String dbUrl, int count, Path dir, List<String> realmExtra, List<String> topExtra)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> common = new ArrayList<>(List.of(
        "host: 127.0.0.1",
        "publicUrl: " + PUBLIC_URL,
        "argon2: {memoryKib: 64, iterations: 1}",
        "db: {url: '" + dbUrl + "', user: postgres, poolSize: 8}",
        "dialects:",
        "  c1: {realm: " + REALM + "}"));
    common.addAll(topExtra);
    List<String> first = new ArrayList<>(common);
    first.addAll(List.of(
        "realms:",
        "  - name: " + REALM));
    first.addAll(realmExtra);
    first.addAll(List.of(
        "    clients:",
        "      - {id: " + CLIENT + ", secret: " + SECRET + ", grants: [password, refresh_token]}",
        "    users:",
        "      - {username: " + USER + ", password: " + PASSWORD + "}"));
    Path importing = dir.resolve("jeton-first.yaml");
    Files.writeString(importing, String.join("\n", first) + "\n");
    Path joining = dir.resolve("jeton.yaml");
    Files.writeString(joining, String.join("\n", common) + "\n");
    Map<String, String> env = Map.of("JETON_MASTER_KEY", MasterKey.generate().toBase64());
    List<Node> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        String name = String.valueOf((char) ('a' + i));
        Path data = Files.createDirectories(dir.resolve("data-" + name));
        nodes.add(Node.start(name, i == 0 ? importing : joining, data, env, dir.resolve("node-" + name + ".log")));
        if (i == 0) {
          // the first node imports the realm and makes its signing key; the others find both
          nodes.getFirst().awaitListening();
        }
      }
      for (Node n : nodes) {
        n.awaitListening();
      }
      return new Cluster(dbUrl, nodes);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      for (Node n : nodes) {
        n.close();
      }
      throw e;
    }
  }

  Node node(int i) {
    return nodes.get(i);
  }

  List<Node> nodes() {
    return nodes;
  }

  /** The realm's standard OAuth 2 endpoint {@code name} ({@code token}, {@code introspect}, ...) on {@code n}. */
  static String oauth(Node n, String name) {
    return n.url("/realms/" + REALM + "/oauth2/" + name);
  }

  /** A form POST authenticated as {@code app}; throws {@link UncheckedIOException} when no answer came. */
  static Reply post(String url, Map<String, String> form) {
    String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", basic())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A JSON POST authenticated as {@code app} (C1's login and renew). */
  static Reply postJson(String url, String json) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", basic())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static Reply get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /** A password-grant login of alice on {@code n}. */
  static Reply login(Node n) {
    return post(oauth(n, "token"), Map.of("grant_type", "password", "username", USER, "password", PASSWORD));
  }

  static Reply refresh(Node n, String refreshToken) {
    return post(oauth(n, "token"), Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  static Reply introspect(Node n, String token) {
    return post(oauth(n, "introspect"), Map.of("token", token));
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The first column of the first row of {@code sql} on the cluster's database, as a long. */
  long count(String sql, String... params) throws SQLException {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The claims of a JWT, unverified: only to read {@code sid} and {@code jti}. */
  static JsonNode claims(String jwt) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every node still running (SIGKILL: the tests need no graceful stop). */
  @Override
  public void close() throws InterruptedException {
    for (Node n : nodes) {
      n.close();
    }
  }

  /** One HTTP answer. */
  record Reply(int status, String body, Map<String, List<String>> headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String field(String name) {
      JsonNode v = json().get(name);
      if (v == null) {
        throw new AssertionError("no '" + name + "' in " + status + " " + body);
      }
      return v.asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
