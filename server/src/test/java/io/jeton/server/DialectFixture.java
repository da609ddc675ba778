package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.wire.DialectMount;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Realms, mounts and assertions shared by the seed dialects' HTTP tests (SPEC section 3). Realm
 * {@code shop} is every mount's default realm; a tenant header ({@code x-tenant}, AGS's {@code
 * nv-tenant-id}) picks another: {@code brief} (1 s access and refresh tokens), {@code locked}
 * (client {@code app} lacks the password grant) or {@code empty} (no client {@code app}).
 */
final class DialectFixture {
  static final String TENANT = "x-tenant";
  static final String AGS_TENANT = "nv-tenant-id";
  static final String CID = "x-correlation-id";
  static final String JSON_TYPE = "application/json";

  private DialectFixture() {}

  /** The four realms; {@code shop} refreshes strictly (no reuse grace) so reuse shows at once. */
  static List<RealmImport> imports(AuthServiceRef... extraServices) {
    List<AuthServiceRef> services = new java.util.ArrayList<>();
    services.add(AuthServiceRef.password("password"));
    services.addAll(List.of(extraServices));
    Realm shop = new Realm(RealmName.of("shop"), "c1portal", Optional.empty(), null, null, null,
        Duration.ZERO,
        null, services);
    // Realms reached through a tenant header name the client AGS and Amino act as there (SPEC 3 intro).
    Map<String, ClientId> dialectClients = Map.of("ags", ClientId.of("app"), "amino", ClientId.of("app"));
    Realm brief = new Realm(RealmName.of("brief"), null, Optional.empty(), Duration.ofSeconds(1),
        Duration.ofSeconds(1), null, Duration.ZERO, null, null, 0, dialectClients, null);
    Set<String> user = Set.of("password", "refresh_token");
    Set<String> all = Set.of("password", "refresh_token", "client_credentials");
    UserImport alice = new UserImport("alice", Optional.of("alice-pass"), true, List.of("ADMIN", "USER"),
        Map.of("customerId", "c-1", "accountId", "1663", "userId", "1234", "userProfileId", "84eb61a9"));
    UserImport bob = new UserImport("bob", Optional.of("bob-pass"), false, List.of(), Map.of());
    UserImport carol = new UserImport("carol", Optional.of("carol-pass"), true, List.of(), Map.of());
    return List.of(
        new RealmImport(shop, List.of(
            new ClientImport("app", Optional.of("app-secret"), all, Set.of("read", "tier=gold"),
            Optional.empty()),
            new ClientImport("other", Optional.of("other-secret"), user, Set.of("read"), Optional.empty()),
            new ClientImport("ccOnly", Optional.of("cc-secret"), Set.of("client_credentials"), Set.of("read"),
                Optional.empty()),
            new ClientImport("noRefresh", Optional.of("nr-secret"), Set.of("password"), Set.of("read"),
                Optional.empty()),
            new ClientImport("certBound", Optional.of("cert-secret"), all, Set.of("read"),
            Optional.of("CN=app"))),
            List.of(alice, bob, carol)),
        new RealmImport(brief, List.of(
            new ClientImport("app", Optional.of("app-secret"), all, Set.of("read"), Optional.empty())),
            List.of(alice)),
        new RealmImport(Realm.withDefaults(RealmName.of("locked")).withDialectClients(dialectClients), List.of(
            new ClientImport("app", Optional.of("app-secret"), Set.of("client_credentials"), Set.of("read"),
                Optional.empty())),
            List.of(alice)),
        new RealmImport(Realm.withDefaults(RealmName.of("empty")).withDialectClients(dialectClients), List.of(
            new ClientImport("someone", Optional.of("someone-secret"), all, Set.of("read"),
            Optional.empty())),
            List.of(alice)));
  }

  /** Every dialect at its default prefix, realm {@code shop},
      AGS and Amino sessions for client {@code app}. */
  static Map<String, DialectMount> mounts() {
    return Map.of(
        "c1", mount("c1", "", "shop", TENANT, null),
        "onesait", mount("onesait", "/oauth-server", "shop", TENANT, null),
        "ags", mount("ags", "/ags", "shop", AGS_TENANT, "app"),
        "amino", mount("amino", "/amino", "shop", TENANT, "app"));
  }

  static DialectMount mount(String name, String prefix, String realm, String tenantHeader, String client) {
    return new DialectMount(name, true, prefix, Optional.ofNullable(realm).map(RealmName::of),
        Optional.ofNullable(tenantHeader), Optional.ofNullable(client).map(ClientId::new));
  }

  static DialectMount disabled(String name) {
    DialectMount d = io.jeton.dialect.SeedDialect.named(name).orElseThrow().defaultMount();
    return new DialectMount(name, false, d.prefix(), d.realm(), d.tenantHeader(), d.client());
  }

  /** The node of a dialect test class: {@link #imports} and {@link #mounts}. */
  static TestNode start() {
    return TestNode.start(imports(), mounts());
  }

  static HttpRequest.Builder request(TestNode node, String path) {
    return HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(Duration.ofSeconds(20));
  }

  static HttpRequest.BodyPublisher body(String s) {
    return HttpRequest.BodyPublishers.ofString(s);
  }

  static HttpRequest.BodyPublisher body(byte[] b) {
    return HttpRequest.BodyPublishers.ofByteArray(b);
  }

  /**
   * Sends with a fresh {@code x-correlation-id} and asserts that the response echoes it and is no
   * server error.
   */
  static HttpResponse<String> send(TestNode node, HttpRequest.Builder b) {
    String cid = "cid-" + UUID.randomUUID();
    HttpResponse<String> r = node.send(b.header(CID, cid).build());
    assertThat(r.headers().firstValue(CID)).as("echoed correlation id").contains(cid);
    // never a server error; 503 only for an unavailable dependency (a directory, the password pool)
    assertThat(r.statusCode()).as(r.body()).matches(s -> s < 500 || s == 503, "not a server error");
    return r;
  }

  /** {@code application/json}, {@code no-store} and {@code no-cache}: every token and error answer. */
  static void assertNoStoreJson(HttpResponse<String> r, String contentType) {
    assertThat(r.headers().firstValue("Content-Type")).contains(contentType);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
  }

  /** The JSON body, after checking the status and the caching headers. */
  static JsonNode ok(HttpResponse<String> r, String contentType) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertNoStoreJson(r, contentType);
    return TestNode.json(r);
  }

  /** C1's {@code {"code":<status>,"message"}}; a 401 challenges with Basic for {@code basicRealm}. */
  static void assertC1Error(HttpResponse<String> r, int status, String message, String basicRealm) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertNoStoreJson(r, JSON_TYPE);
    JsonNode b = TestNode.json(r);
    assertThat(TestNode.keys(b)).containsExactly("code", "message");
    assertThat(b.get("code").isInt()).isTrue();
    assertThat(b.get("code").intValue()).isEqualTo(status);
    assertThat(b.get("message").textValue()).isEqualTo(message);
    if (status == 401) {
      assertThat(r.headers().allValues("WWW-Authenticate"))
          .containsExactly("Basic realm=\"" + basicRealm + "\"");
    } else {
      assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
  }

  /** RFC 6749 section 5.2 (onesait, the standard endpoints); a 401 challenges with Basic. */
  static void assertOAuthError(HttpResponse<String> r, int status, String error, String description,
      String basicRealm) {
    TestNode.assertError(r, status, error, description);
    if (status == 401) {
      assertThat(r.headers().allValues("WWW-Authenticate"))
          .containsExactly("Basic realm=\"" + basicRealm + "\"");
    } else {
      assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
  }

  /** AGS's {@code {"code","message"}}. */
  static void assertAgsError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertNoStoreJson(r, JSON_TYPE);
    JsonNode b = TestNode.json(r);
    assertThat(TestNode.keys(b)).containsExactly("code", "message");
    assertThat(b.get("code").textValue()).isEqualTo(code);
    assertThat(b.get("message").textValue()).isEqualTo(message);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  /** Amino's JSON:API error document with one error object. */
  static void assertAminoError(HttpResponse<String> r, int status, String code, String title, String detail) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertNoStoreJson(r, "application/vnd.api+json");
    JsonNode b = TestNode.json(r);
    assertThat(TestNode.keys(b)).containsExactly("errors");
    assertThat(b.get("errors").isArray()).isTrue();
    assertThat(b.get("errors").size()).isEqualTo(1);
    JsonNode e = b.get("errors").get(0);
    assertThat(TestNode.keys(e)).containsExactlyInAnyOrder("status", "code", "title", "detail");
    assertThat(e.get("status").textValue()).isEqualTo(Integer.toString(status));
    assertThat(e.get("code").textValue()).isEqualTo(code);
    assertThat(e.get("title").textValue()).isEqualTo(title);
    assertThat(e.get("detail").textValue()).isEqualTo(detail);
  }

  /** The unknown-path 404 a path gets when no dialect is mounted there. */
  static void assertNotMounted(HttpResponse<String> r) {
    TestNode.assertError(r, 404, "not_found", "there is no endpoint at this path");
  }

  /** The payload of a JWT access token, decoded without checking the signature. */
  static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return TestNode.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  /** An integral JSON number within [low, high]. */
  static void assertSeconds(JsonNode n, long low, long high) {
    assertThat(n.isIntegralNumber()).as(String.valueOf(n)).isTrue();
    assertThat(n.longValue()).isBetween(low, high);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** The raw bytes of {@code head}, then bytes that are not UTF-8, then {@code tail}. */
  static byte[] notUtf8(String head, String tail) {
    byte[] a = head.getBytes(StandardCharsets.UTF_8);
    byte[] c = tail.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + 2 + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    out[a.length] = (byte) 0xc3;
    out[a.length + 1] = (byte) 0x28;
    System.arraycopy(c, 0, out, a.length + 2, c.length);
    return out;
  }

  /** The status code of a raw response. */
  static int status(String raw) {
    return Integer.parseInt(raw.substring(9, 12));
  }

  /** The body of a raw response. */
  static JsonNode rawBody(String raw) {
    return TestNode.parse(raw.substring(raw.indexOf("\r\n\r\n") + 4));
  }

  /** Waits until tokens with a 1 s lifetime have expired. */
  static void sleepPastExpiry() {
    try {
      Thread.sleep(2100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
