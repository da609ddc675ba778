package io.jeton.server;

import io.jeton.testkit.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.core.user.PasswordHasher;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.server.config.ServerConfig;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A real Jeton node for HTTP tests: a free port, a fresh H2 file in a temp directory, cheap
 * Argon2 and a fixed set of realms, clients and users; plus small HTTP helpers.
 */
final class TestNode implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FORM = "application/x-www-form-urlencoded";
  static final int MAX_BODY_BYTES = 4096;

  final JetonServer server;
  final Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** The PostgreSQL database the node runs on, dropped on close; null on H2. */
  private final PostgresDatabase postgres;

  private TestNode(JetonServer server, Path dir) {
    this(server, dir, null);
  }

  private TestNode(JetonServer server, Path dir, PostgresDatabase postgres) {
    this.server = server;
    this.dir = dir;
    this.postgres = postgres;
  }

  /** {@link #start()}'s realms on a fresh PostgreSQL database (review M7: bad input on both stores). */
  static TestNode startOnPostgres() {
    return startOnPostgres(imports(Duration.ofSeconds(10)), Map.of());
  }

  /** A node with these realms and mounts on a fresh PostgreSQL database. */
  static TestNode startOnPostgres(List<RealmImport> imports, Map<String, DialectMount> mounts) {
    return startOnPostgresWith(imports, mounts, java.util.function.UnaryOperator.identity());
  }

  /** A node with these realms and mounts on a fresh PostgreSQL database, its configuration changed by {@code tune}. */
  static TestNode startOnPostgresWith(List<RealmImport> imports, Map<String, DialectMount> mounts,
      java.util.function.UnaryOperator<ServerConfig> tune) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      PostgresDatabase db = PostgresDatabase.create();
      try {
        return new TestNode(JetonServer.start(tune.apply(config(dir).withDb(db.url(), PostgresDatabase.USER, "")),
            imports, mounts), dir, db);
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is required", e);
    }
  }

  /**
   * A node on the database at {@code dbUrl} (PostgreSQL, user postgres; not dropped on close: several
   * nodes share it), with these realms to import, the test configuration changed by {@code tune},
   * and {@code clock} (one clock shared by several nodes moves time for all of them).
   */
  static TestNode startOn(String dbUrl, List<RealmImport> imports, java.util.function.UnaryOperator<ServerConfig> tune,
      java.time.InstantSource clock) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      return new TestNode(JetonServer.start(tune.apply(config(dir).withDb(dbUrl, PostgresDatabase.USER, "")), imports,
          Map.of(), JetonServer.HASH_QUEUE_WAIT, clock), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Realms: acme (ES256), short (1 s access tokens), grace (1 s reuse grace), rs, ed, hs. */
  static TestNode start() {
    return start(Duration.ofSeconds(10));
  }

  static TestNode start(Duration acmeGrace) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      return new TestNode(JetonServer.start(config(dir), imports(acmeGrace)), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The standard realms on a node whose test configuration {@code configure} changes. */
  static TestNode startWith(java.util.function.UnaryOperator<ServerConfig> configure) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      return new TestNode(JetonServer.start(configure.apply(config(dir)), imports(Duration.ofSeconds(10))), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node with these realms and {@code dialects:} mounts (unconfigured dialects get their defaults). */
  static TestNode start(List<RealmImport> imports, Map<String, DialectMount> mounts) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      return new TestNode(JetonServer.start(config(dir), imports, mounts), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A node with these realms and mounts, the test configuration changed by {@code tune}, and this
   * queue wait of the hashing pool.
   */
  static TestNode start(List<RealmImport> imports, Map<String, DialectMount> mounts,
      java.util.function.UnaryOperator<ServerConfig> tune, Duration hashQueueWait) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      return new TestNode(JetonServer.start(tune.apply(config(dir)), imports, mounts, hashQueueWait), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node with these realms and mounts on {@code clock} (tests move time without sleeping). */
  static TestNode start(List<RealmImport> imports, Map<String, DialectMount> mounts, java.time.InstantSource clock) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      return new TestNode(JetonServer.start(config(dir), imports, mounts, JetonServer.HASH_QUEUE_WAIT, clock), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same on a fresh PostgreSQL database, dropped on close. */
  static TestNode startOnPostgres(List<RealmImport> imports, Map<String, DialectMount> mounts,
      java.time.InstantSource clock) {
    try {
      Path dir = Files.createTempDirectory("jeton-it");
      PostgresDatabase db = PostgresDatabase.create();
      try {
        return new TestNode(JetonServer.start(config(dir).withDb(db.url(), PostgresDatabase.USER, ""), imports,
            mounts, JetonServer.HASH_QUEUE_WAIT, clock), dir, db);
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is required", e);
    }
  }

  /** The test configuration: any free port, cheap Argon2, 4096-byte bodies. */
  static ServerConfig config(Path dir) {
    return new ServerConfig("127.0.0.1", 0, "", dir, "", "", "", 4,
        Optional.of(MasterKey.generate().toBase64()), Optional.empty(), false, MAX_BODY_BYTES,
        new PasswordHasher.Params(1024, 1, 1), 2, Duration.ofMillis(250), List.of());
  }

  static List<RealmImport> imports(Duration acmeGrace) {
    List<RealmImport> out = new ArrayList<>();
    out.add(realm(realm("acme", SigningAlgorithm.ES256, Duration.ofSeconds(3600), acmeGrace)));
    out.add(realm(realm("short", SigningAlgorithm.ES256, Duration.ofSeconds(1), Duration.ofSeconds(10))));
    out.add(realm(realm("grace", SigningAlgorithm.ES256, Duration.ofSeconds(3600), Duration.ofSeconds(1))));
    out.add(realm(realm("rs", SigningAlgorithm.RS256, Duration.ofSeconds(3600), Duration.ofSeconds(10))));
    out.add(realm(realm("ed", SigningAlgorithm.EdDSA, Duration.ofSeconds(3600), Duration.ofSeconds(10))));
    out.add(realm(realm("hs", SigningAlgorithm.HS256, Duration.ofSeconds(3600), Duration.ofSeconds(10))));
    return out;
  }

  private static Realm realm(String name, SigningAlgorithm alg, Duration access, Duration grace) {
    return new Realm(new RealmName(name), name + "-issuer", Optional.empty(), access, null, null, grace, alg, null);
  }

  /** The standard clients and users of every test realm, in {@code realm}. */
  static RealmImport realm(Realm realm) {
    Set<String> all = Set.of("password", "refresh_token", "client_credentials");
    return new RealmImport(realm,
        List.of(
            new ClientImport("app", Optional.of("app-secret"), all, Set.of("read", "write"), Optional.empty()),
            new ClientImport("other", Optional.of("other-secret"), all, Set.of("read"), Optional.empty()),
            new ClientImport("ccOnly", Optional.of("cc-secret"), Set.of("client_credentials"), Set.of("read"),
                Optional.empty()),
            new ClientImport("certBound", Optional.of("cert-secret"), all, Set.of("read"), Optional.of("CN=app")),
            new ClientImport("pub", Optional.empty(), Set.of("password", "refresh_token"), Set.of("read"),
                Optional.empty())),
        List.of(
            new UserImport("alice", Optional.of("alice-pass"), true, List.of("ADMIN"), Map.of("customerId", "c-1")),
            new UserImport("bob", Optional.of("bob-pass"), false, List.of(), Map.of())));
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  String issuer(String realm) {
    return server.publicUrl() + "/realms/" + realm;
  }

  static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static String form(String... namesAndValues) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  /** POST a form with Basic client authentication. */
  HttpResponse<String> post(String realm, String endpoint, String clientId, String secret, String body) {
    return send(HttpRequest.newBuilder(URI.create(base() + "/realms/" + realm + "/oauth2/" + endpoint))
        .header("Content-Type", FORM).header("Authorization", basic(clientId, secret))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** POST a form as is (client authentication, if any, inside it). */
  HttpResponse<String> post(String realm, String endpoint, String body) {
    return send(HttpRequest.newBuilder(URI.create(base() + "/realms/" + realm + "/oauth2/" + endpoint))
        .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
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

  /** client_credentials for {@code app} in the realm; returns the parsed body. */
  JsonNode clientToken(String realm) {
    HttpResponse<String> r = post(realm, "token", "app", "app-secret", form("grant_type", "client_credentials"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  /** password grant for alice through {@code app}. */
  JsonNode login(String realm) {
    HttpResponse<String> r = post(realm, "token", "app", "app-secret",
        form("grant_type", "password", "username", "alice", "password", "alice-pass"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  JsonNode introspect(String realm, String token) {
    HttpResponse<String> r = post(realm, "introspect", "app", "app-secret", form("token", token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static Set<String> keys(JsonNode n) {
    Set<String> s = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      s.add(it.next());
    }
    return s;
  }

  /** Asserts an RFC 6749 section 5.2 error: status, no-store headers and the whole body. */
  static void assertError(HttpResponse<String> r, int status, String error, String description) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
    assertThat(r.headers().firstValue("x-correlation-id")).isPresent();
    ObjectMapper m = JSON;
    try {
      assertThat(m.readTree(r.body())).isEqualTo(
          m.createObjectNode().put("error", error).put("error_description", description));
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** Rows in the tables that requests write: sessions, refresh tokens and revocations. */
  long writtenRows() {
    try (Connection c = server.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      long n = 0;
      for (String table : List.of("session", "refresh_token", "revocation")) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          n += rs.getLong(1);
        }
      }
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One raw HTTP/1.1 exchange on a new connection, for requests {@link HttpClient} refuses to
   * send (a bad %-escape in the query, say); returns the status line, headers and body as text.
   */
  String raw(String request) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      java.io.InputStream in = s.getInputStream();
      java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        head.write(c);
      }
      String h = head.toString(StandardCharsets.ISO_8859_1);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(h);
      byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : in.readAllBytes();
      return h + new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    if (postgres != null) {
      try {
        postgres.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }
}
