package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.body;
import static io.jeton.server.TestNode.basic;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * SPEC 11: no token or secret ever reaches the log. One node runs many flows through every API
 * (logins, refreshes, reuse, introspection, validation, revocation, wrong secrets and passwords,
 * a token in a query string, a server error with a password in the body), with the access lines
 * on and Jeton's own loggers at DEBUG; every line logged meanwhile, in the text and the JSON
 * format, is then searched for every secret, password and master key the test sent and every
 * token the node issued. {@link #scan_tokenLoggedByMistake_isReported} shows that the scan finds
 * a token that does reach the log.
 */
class LogLeakScanTest {
  /** What a token looks like in a response: a JWT, or a long run of base64url characters. */
  private static final Pattern TOKENISH = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"
      + "|[A-Za-z0-9_-]{24,}");

  private TestNode node;
  private LogCapture log;
  private Level jetonLevel;
  private final Set<String> secrets = new LinkedHashSet<>();

  @BeforeEach
  void start() {
    node = DialectFixture.start();
    Logger jeton = (Logger) LoggerFactory.getLogger("io.jeton");
    jetonLevel = jeton.getLevel();
    jeton.setLevel(Level.DEBUG);
    log = new LogCapture();
    secrets.addAll(List.of("app-secret", "other-secret", "cc-secret", "alice-pass", "carol-pass",
        "guessed-secret-4711", "wrong-password-4711"));
  }

  @AfterEach
  void stop() {
    log.close();
    ((Logger) LoggerFactory.getLogger("io.jeton")).setLevel(jetonLevel);
    node.close();
  }

  /** Sends, and keeps every token-like string of the JSON answer among the secrets. */
  private JsonNode send(HttpRequest.Builder b) {
    HttpResponse<String> r = node.send(b.build());
    JsonNode body = r.body().startsWith("{") ? TestNode.json(r) : null;
    if (body != null) {
      collect(body);
    }
    return body;
  }

  private void collect(JsonNode n) {
    if (n.isTextual() && TOKENISH.matcher(n.textValue()).matches()) {
      secrets.add(n.textValue());
    }
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
      collect(it.next());
    }
  }

  private HttpRequest.Builder oauth(String endpoint, String auth, String form) {
    HttpRequest.Builder b = DialectFixture.request(node, "/realms/shop/oauth2/" + endpoint)
        .header("Content-Type", TestNode.FORM).POST(body(form));
    return auth == null ? b : b.header("Authorization", auth);
  }

  private HttpRequest.Builder json(String path, String auth, String json) {
    HttpRequest.Builder b = DialectFixture.request(node, path).header("Content-Type", JSON_TYPE).POST(body(json));
    return auth == null ? b : b.header("Authorization", auth);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void manyFlowsThroughEveryApi_logHoldsNoTokenOrSecret() throws Exception {
    String app = basic("app", "app-secret");
    // standard OAuth 2
    String cc = send(oauth("token", app, form("grant_type", "client_credentials"))).get("access_token").textValue();
    JsonNode login = send(oauth("token", app, form("grant_type", "password", "username", "alice", "password",
        "alice-pass")));
    String refresh = login.get("refresh_token").textValue();
    JsonNode next = send(oauth("token", app, form("grant_type", "refresh_token", "refresh_token", refresh)));
    send(oauth("token", app, form("grant_type", "refresh_token", "refresh_token", refresh)));  // reuse
    send(oauth("introspect", app, form("token", login.get("access_token").textValue())));
    send(oauth("introspect", app, form("token", next.get("refresh_token").textValue())));
    send(oauth("revoke", app, form("token", cc)));
    send(oauth("token", basic("app", "guessed-secret-4711"), form("grant_type", "client_credentials")));
    send(oauth("token", null, form("grant_type", "client_credentials", "client_id", "app", "client_secret",
        "guessed-secret-4711")));
    for (int i = 0; i < 6; i++) {
      send(oauth("token", app, form("grant_type", "password", "username", "carol", "password",
          "wrong-password-4711")));
    }
    // a token where a username belongs, and in a query string
    send(oauth("token", app, form("grant_type", "password", "username", cc, "password", "alice-pass")));
    send(DialectFixture.request(node, "/realms/shop/oauth2/token?access_token=" + q(cc)).GET());
    // C1
    JsonNode c1 = send(json("/auth/login", app, "{\"username\":\"alice\",\"password\":\"alice-pass\"}"));
    send(json("/auth/renew", app, "{\"refreshToken\":\"" + c1.get("refreshToken").textValue() + "\"}"));
    send(DialectFixture.request(node, "/auth/validate?accessToken=" + q(c1.get("accessToken").textValue()))
        .header("Authorization", app).GET());
    send(json("/auth/login", basic("app", "guessed-secret-4711"), "{\"username\":\"alice\",\"password\":\"x\"}"));
    // onesait
    JsonNode onesait = send(DialectFixture.request(node, "/oauth-server/oauth/token").header("Authorization", app)
        .header("Content-Type", TestNode.FORM)
        .POST(body(form("grant_type", "password", "username", "alice", "password", "alice-pass"))));
    String onesaitToken = onesait.get("access_token").textValue();
    send(DialectFixture.request(node, "/oauth-server/oauth/check_token?token=" + q(onesaitToken))
        .header("Authorization", app).GET());
    send(DialectFixture.request(node, "/oauth-server/openplatform-oauth/revoke_token?token=" + q(onesaitToken))
        .header("Authorization", app).POST(HttpRequest.BodyPublishers.noBody()));
    // AGS
    JsonNode ags = send(json("/ags/signon", null, AgsHttpTest.params("username", "alice", "password", "alice-pass"))
        .header(AgsHttpTest.SERVICE, "password").header(DialectFixture.AGS_TENANT, "shop"));
    send(json("/ags/refresh", "Bearer " + ags.get("refresh_token").textValue(), AgsHttpTest.params())
        .header(AgsHttpTest.SERVICE, "password").header(DialectFixture.AGS_TENANT, "shop"));
    // Amino
    send(json("/amino/login", null, "{\"username\":\"alice\",\"password\":\"alice-pass\"}"));
    send(DialectFixture.request(node, "/amino/session").header("Authorization", "Bearer " + login.get("access_token")
        .textValue()).DELETE());
    // a server error while a password is in the body
    try (Connection c = node.server.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE app_user CASCADE");
    }
    send(oauth("token", app, form("grant_type", "password", "username", "alice", "password", "alice-pass")));
    node.server.engine().flushAudit();
    Thread.sleep(200); // the last access lines are written just after their responses

    assertThat(secrets).as("tokens collected from the answers").hasSizeGreaterThan(10);
    assertThat(log.of(Logs.ACCESS)).as("an access line per request").hasSizeGreaterThan(25);
    assertThat(log.events).extracting(e -> e.getLevel().toString()).contains("ERROR");
    assertThat(leaks(log.all(), secrets)).as("tokens and secrets in the log").isEmpty();
  }

  @Test
  void scan_tokenLoggedByMistake_isReported() {
    String token = send(oauth("token", basic("app", "app-secret"), form("grant_type", "client_credentials")))
        .get("access_token").textValue();
    // what a careless line would do: the scan must see it, in both formats
    LoggerFactory.getLogger(WireHandler.class).warn("refused token {}", token);
    assertThat(leaks(String.join("", log.text), secrets)).containsExactly(token);
    assertThat(leaks(String.join("", log.json), secrets)).containsExactly(token);
    // a prefix is enough to count: a clipped token in a message is still a leak
    assertThat(leaks("... " + token.substring(0, 40) + "...", secrets)).containsExactly(token);
  }

  /**
   * The secrets that occur in {@code logText}, whole or by a 40-character piece of a token (a
   * clipped value in a message is a leak too); secrets shorter than that must occur whole.
   */
  static List<String> leaks(String logText, Set<String> secrets) {
    List<String> found = new ArrayList<>();
    for (String s : secrets) {
      boolean leaked = logText.contains(s);
      for (int i = 0; !leaked && s.length() >= 40 && i + 40 <= s.length(); i += 20) {
        leaked = logText.contains(s.substring(i, i + 40));
      }
      if (leaked) {
        found.add(s);
      }
    }
    return found;
  }
}
