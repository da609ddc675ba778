package io.jeton.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.testkit.Fuzz;
import io.jeton.testkit.FuzzCorpus;
import io.jeton.testkit.TestRealms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The endpoint fuzz of issue 6 point 9, socket-free: a real engine on H2 with realms {@value
 * #REALM} and {@value #OTHER}, and {@link #check}, which sends one random or mutated request to a
 * route's handler and asserts what every answer must be: no exception, no 5xx, a JSON body (or
 * none) with no stack trace or internal class name, header values without CR, LF or NUL, and for a
 * refusal (4xx) a database whose state tables hold exactly the rows they held before (audit events
 * aside: a refused login is audited). A mutated request that still succeeds may write.
 *
 * <p>Each dialect's test builds its valid requests afresh for every try ({@link Template}), with
 * tokens from {@link #minted}: a login through the dialect's own wire API, kept until a try
 * succeeds (and so may have used or revoked them), so that no try sees a token an earlier one used.
 */
public final class EndpointFuzz implements AutoCloseable {
  public static final String REALM = "fuzz";
  public static final String OTHER = "fuzz-other";
  /** The user whose logins only mint tokens for the templates: the fuzz never sends its password. */
  public static final String MINTER = "minter";
  public static final String MINTER_PASS = "minter-pass";
  public static final String APP = "app";
  public static final String APP_SECRET = "app-secret";
  /**
   * The tables a refused request may write to without changing what the service knows: the audit
   * trail, and the lockout's failure counters (a wrong password is counted, SPEC 7).
   */
  private static final Set<String> LOG_TABLES = Set.of("audit_event", "flyway_schema_history", "user_lockout");
  /** What only an internal error would put in a body, unless the request itself carried it. */
  private static final List<String> LEAKS = List.of("Exception", "\tat ", "io.jeton.", "java.", "javax.",
      "jdk.internal", "com.fasterxml", "com.nimbusds", "org.h2", "org.postgresql", "Caused by", "SQLState",
      "StackOverflow", "OutOfMemory");
  private static final List<FuzzCorpus.Entry> CONTENT_TYPES = FuzzCorpus.load("fuzz/content-type");
  private static final List<String> HEADER_NAMES = List.of("Authorization", "Content-Type", "nv-tenant-id",
      "x-tenant", "x-auth-service-id", "x-correlation-id", "Content-Length", "Transfer-Encoding", "Cookie");

  private final DialectTestEngine t;
  private final Map<String, JsonNode> minted = new TreeMap<>();
  private List<String> stateTables;
  private int requests;

  private EndpointFuzz(DialectTestEngine t) {
    this.t = t;
  }

  /**
   * A fresh engine with realm {@value #REALM} (password service {@code local}; clients {@code app}
   * with every grant, public {@code pub}, {@code ccOnly}; users {@code alice}, disabled {@code
   * bob}, {@value #MINTER}) and realm {@value #OTHER} (client {@code app}, no users).
   */
  public static EndpointFuzz start() {
    DialectTestEngine t = DialectTestEngine.start();
    Set<String> all = Set.of("password", "refresh_token", "client_credentials");
    t.importRealm(new RealmImport(TestRealms.realm().name(REALM).authService(AuthServiceRef.password("local")).build(),
        List.of(new ClientImport(APP, Optional.of(APP_SECRET), all, Set.of("read", "write"), Optional.empty()),
            new ClientImport("pub", Optional.empty(), Set.of("password", "refresh_token"), Set.of("read"),
                Optional.empty()),
            new ClientImport("ccOnly", Optional.of("cc-secret"), Set.of("client_credentials"), Set.of("read"),
                Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of("ADMIN"),
                Map.of("customerId", "c-1", "userId", "1234", "userProfileId", "84eb61a9")),
            new UserImport("bob", Optional.of("bob-pass"), false, List.of(), Map.of()),
            new UserImport(MINTER, Optional.of(MINTER_PASS), true, List.of(), Map.of()))));
    t.importRealm(new RealmImport(TestRealms.realm().name(OTHER).build(),
        List.of(new ClientImport(APP, Optional.of(APP_SECRET), all, Set.of("read"), Optional.empty())), List.of()));
    return new EndpointFuzz(t);
  }

  public DialectTestEngine engine() {
    return t;
  }

  /**
   * The answer of a login that {@code mint} makes (a valid request that must succeed), kept under
   * {@code key} until the next try that succeeds: logins cost a hash and a durable write each.
   */
  public JsonNode minted(String key, Supplier<JsonNode> mint) {
    return minted.computeIfAbsent(key, k -> mint.get());
  }

  /** {@code Basic} for the id and secret as they are (no form-encoding: these are plain). */
  public static String basic(String id, String secret) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** A request being built and mutated: method, path parameters, header lines, query and body. */
  public static final class Template {
    String method;
    final Map<String, String> path = new LinkedHashMap<>();
    final List<String[]> headers = new ArrayList<>();
    final Map<String, List<String>> query = new LinkedHashMap<>();
    byte[] body = new byte[0];

    public Template(String method) {
      this.method = method;
    }

    public Template path(String name, String value) {
      path.put(name, value);
      return this;
    }

    public Template header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public Template query(String name, String value) {
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    public Template body(String text) {
      body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** The request, from {@code remote} (a distinct address per try keeps per-address limits apart). */
    public WireRequest build(String remote) {
      Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String[] h : headers) {
        byName.computeIfAbsent(h[0], k -> new ArrayList<>()).add(h[1]);
      }
      Map<String, List<String>> q = new LinkedHashMap<>();
      query.forEach((k, v) -> q.put(k, List.copyOf(v)));
      return new WireRequest(method, Map.copyOf(path), WireHeaders.of(byName), q, body.clone(),
          new RequestContext("fuzz-" + remote, remote));
    }

    /** Everything the request carries, as text, to tell an echo of the input from a leak. */
    String text() {
      StringBuilder s = new StringBuilder(method).append('\n');
      path.values().forEach(v -> s.append(v).append('\n'));
      headers.forEach(h -> s.append(h[0]).append(": ").append(h[1]).append('\n'));
      query.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
      return s.append(new String(body, StandardCharsets.ISO_8859_1)).append('\n')
          .append(new String(body, StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(Fuzz.show(method)).append(' ').append(path);
      headers.forEach(h -> s.append("\n    ").append(Fuzz.show(h[0])).append(": ").append(Fuzz.show(h[1])));
      query.forEach((k, v) -> v.forEach(x -> s.append("\n    ?").append(Fuzz.show(k)).append('=').append(Fuzz.show(x))));
      return s.append("\n    body: ").append(Fuzz.show(body)).toString();
    }
  }

  /** A request with no valid part: random method, headers, query and body. */
  public static Template random(Fuzz f, Map<String, String> path) {
    Template r = new Template(f.pick("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", f.text(6)));
    r.path.putAll(path);
    for (int i = f.between(0, 4); i > 0; i--) {
      r.header(f.chance(0.8) ? f.pick(HEADER_NAMES) : f.text(10), headerValue(f));
    }
    for (int i = f.between(0, 2); i > 0; i--) {
      r.query(f.pick("token", "accessToken", f.text(8)), f.text(40));
    }
    r.body = f.pick(List.of(f.bytes(200), f.nasty(), f.text(100).getBytes(StandardCharsets.UTF_8)));
    return r;
  }

  /** One to three random changes of a valid request, each logged. */
  public static Template mutate(Fuzz f, Template r) {
    for (int i = f.between(1, 3); i > 0; i--) {
      f.note(edit(f, r));
    }
    return r;
  }

  private static String edit(Fuzz f, Template r) {
    int kind = f.between(0, 13);
    switch (kind) {
      case 0, 1, 2, 3 -> {
        r.body = f.mutate(r.body, 3);
        return "body edited";
      }
      case 4 -> {
        r.method = f.pick("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "post", "", "P\u0000ST",
            f.text(8));
        return "method = " + Fuzz.show(r.method);
      }
      case 5 -> {
        if (r.headers.isEmpty()) {
          return "no header to remove";
        }
        return "removed header " + r.headers.remove(f.between(0, r.headers.size() - 1))[0];
      }
      case 6 -> {
        if (r.headers.isEmpty()) {
          return "no header to repeat";
        }
        String[] h = r.headers.get(f.between(0, r.headers.size() - 1));
        String name = f.chance(0.5) ? h[0] : h[0].toUpperCase(Locale.ROOT);
        String value = f.chance(0.5) ? h[1] : headerValue(f);
        r.header(name, value);
        return "repeated header " + name + ": " + Fuzz.show(value);
      }
      case 7, 8 -> {
        if (r.headers.isEmpty()) {
          return "no header to change";
        }
        String[] h = r.headers.get(f.between(0, r.headers.size() - 1));
        h[1] = f.chance(0.5) ? headerValue(f)
            : new String(f.mutate(h[1].getBytes(StandardCharsets.ISO_8859_1), 3), StandardCharsets.ISO_8859_1);
        return "header " + h[0] + " = " + Fuzz.show(h[1]);
      }
      case 9 -> {
        String name = f.chance(0.8) ? f.pick(HEADER_NAMES) : f.text(10);
        String value = headerValue(f);
        r.header(name, value);
        return "added header " + Fuzz.show(name) + ": " + Fuzz.show(value);
      }
      case 10 -> {
        r.headers.removeIf(h -> h[0].equalsIgnoreCase("Content-Type"));
        String type = f.chance(0.6) ? new String(f.pick(CONTENT_TYPES).bytes(), StandardCharsets.ISO_8859_1)
            : f.pick("text/plain", "application/json", "application/x-www-form-urlencoded", f.text(30));
        r.header("Content-Type", type);
        return "Content-Type = " + Fuzz.show(type);
      }
      case 11 -> {
        String name = r.query.isEmpty() || f.chance(0.3) ? f.pick("token", "accessToken", f.text(8))
            : f.pick(new ArrayList<>(r.query.keySet()));
        String value = f.chance(0.5) ? f.text(60) : new String(f.nasty(), StandardCharsets.ISO_8859_1);
        if (f.chance(0.5)) {
          r.query.put(name, new ArrayList<>(List.of(value)));
        } else {
          r.query(name, value);
        }
        return "query " + Fuzz.show(name) + " = " + Fuzz.show(value);
      }
      case 12 -> {
        if (r.path.isEmpty()) {
          r.query.clear();
          return "query cleared";
        }
        String name = r.path.keySet().iterator().next();
        r.path.put(name, f.pick(OTHER, "", "FUZZ", REALM + " ", "no-such", "a".repeat(65), f.text(70)));
        return "path " + name + " = " + Fuzz.show(r.path.get(name));
      }
      default -> {
        r.body = f.pick(List.of(f.bytes(300), f.nasty(), new byte[0]));
        return "body = " + Fuzz.show(r.body);
      }
    }
  }

  private static String headerValue(Fuzz f) {
    return switch (f.between(0, 3)) {
      case 0 -> f.text(40);
      case 1 -> new String(f.nasty(), StandardCharsets.ISO_8859_1);
      case 2 -> f.pick("Basic " + f.text(30), "Bearer " + f.text(30), basic(f.text(10), f.text(10)));
      default -> f.pick(REALM, OTHER, "local", APP, "", " ");
    };
  }

  /**
   * Sends {@code request} (already mutated or random) to {@code handler} and asserts every
   * invariant; returns the answer.
   */
  public WireResponse check(Fuzz f, Function<WireRequest, WireResponse> handler, Template request) {
    f.note("request: " + request);
    String remote = "192.0.2." + (requests++ % 250) + "-" + requests;
    Map<String, Long> before = stateRows();
    WireResponse r = handler.apply(request.build(remote));
    String body = new String(r.body(), StandardCharsets.UTF_8);
    f.note("answer: " + r.status() + " " + r.headers() + " " + Fuzz.show(body));
    assertThat(r.status()).as("status").isBetween(200, 499);
    if (r.body().length > 0) {
      assertThat(json(r)).as("the body is JSON").isNotNull();
    }
    String sent = request.text();
    for (String leak : LEAKS) {
      if (body.contains(leak)) {
        assertThat(sent).as("'" + leak + "' in the body is an echo of the request, not a leak").contains(leak);
      }
    }
    r.headers().forEach((k, v) -> assertThat(v).as("header " + k).doesNotContain("\r", "\n", "\u0000"));
    if (r.status() >= 400) {
      assertThat(stateRows()).as("a refusal writes nothing").isEqualTo(before);
    } else {
      minted.clear(); // a success may have used or revoked a minted token
    }
    return r;
  }

  /** Sends a valid request and returns its JSON answer, which must be 200. */
  public JsonNode ok(Function<WireRequest, WireResponse> handler, Template request) {
    WireResponse r = handler.apply(request.build("127.0.0.1"));
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return json(r);
  }

  private static JsonNode json(WireResponse r) {
    try {
      return DialectTestEngine.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + Fuzz.show(r.body()), e);
    }
  }

  /** Rows per table, the audit trail aside. */
  public Map<String, Long> stateRows() {
    Map<String, Long> rows = new TreeMap<>();
    try (Connection c = t.dataSource().getConnection(); Statement s = c.createStatement()) {
      if (stateTables == null) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
            + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE'")) {
          while (rs.next()) {
            String table = rs.getString(1).toLowerCase(Locale.ROOT);
            if (!LOG_TABLES.contains(table)) {
              tables.add(table);
            }
          }
        }
        stateTables = List.copyOf(tables);
      }
      for (String table : stateTables) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          rows.put(table, rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(rows).as("the state tables").containsKeys("session", "refresh_token", "revocation");
    return rows;
  }

  /**
   * A property over one route: {@code tries} mutations of {@code valid}, then a third as many
   * random requests. Some mutations must still succeed and some be refused, or the valid request
   * was not valid and the run proved little.
   */
  public void fuzzRoute(String name, long seed, int tries, Function<WireRequest, WireResponse> handler,
      Supplier<Template> valid, Map<String, String> path) {
    Map<Integer, Integer> statuses = new TreeMap<>();
    Fuzz.check(name + " mutated", seed, tries,
        f -> statuses.merge(check(f, handler, mutate(f, valid.get())).status(), 1, Integer::sum));
    assertThat(statuses.keySet()).as(name + ": the statuses of the mutated requests")
        .anyMatch(s -> s < 300).anyMatch(s -> s >= 400);
    Fuzz.check(name + " random", seed + 1, tries / 3, f -> check(f, handler, random(f, path)));
    System.out.println(name + ": mutated requests by status " + statuses);
  }

  @Override
  public void close() {
    t.close();
  }
}
