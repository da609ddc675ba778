package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review M7 through the seed dialects, on PostgreSQL (which cannot store a NUL): control
 * characters in a username or a client id get each API's own 4xx for bad credentials, never a 500.
 */
class DialectBadInputPostgresTest {
  private static final List<String> BAD_USERNAMES = List.of("al\\u0000ice", "\\u0000", "alice\\u0001", "al\\u007fice");
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startOnPostgres(DialectFixture.imports(), DialectFixture.mounts());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpRequest.Builder json(String path, String body) {
    return DialectFixture.request(node, path).header("Content-Type", "application/json")
        .POST(DialectFixture.body(body));
  }

  private static String credentials(String username) {
    return "{\"username\":\"" + username + "\",\"password\":\"alice-pass\"}";
  }

  private static void assertRefused(String api, HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(api + ": " + r.body()).isEqualTo(status);
    assertThat(r.body()).as(api).doesNotContain("server_error").doesNotContain("Exception");
  }

  @Test
  void controlCharacterInUsername_everyDialect_isItsBadCredentialsAnswer() {
    String app = TestNode.basic("app", "app-secret");
    for (String u : BAD_USERNAMES) {
      long rows = node.writtenRows();
      assertRefused("c1", DialectFixture.send(node, json("/auth/login", credentials(u)).header("Authorization", app)),
          401);
      assertRefused("amino", DialectFixture.send(node, json("/amino/login", credentials(u))), 401);
      assertRefused("ags", DialectFixture.send(node, json("/ags/signon", "{\"parameters\":[{\"name\":\"username\","
          + "\"value\":\"" + u + "\"},{\"name\":\"password\",\"value\":\"alice-pass\"}]}")
          .header("x-auth-service-id", "password")), 401);
      String form = "grant_type=password&username=" + u.replace("\\u0000", "%00").replace("\\u0001", "%01")
          .replace("\\u007f", "%7F") + "&password=alice-pass";
      assertRefused("onesait", DialectFixture.send(node, DialectFixture.request(node, "/oauth-server/oauth/token")
          .header("Authorization", app).header("Content-Type", TestNode.FORM).POST(DialectFixture.body(form))), 400);
      assertThat(node.writtenRows()).as("nothing written").isEqualTo(rows);
    }
  }

  @Test
  void nulInClientId_basicDialects_isTheirBadClientAnswer() {
    String nul = "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', 0, 'p', 'p', ':', 'x'});
    for (Map.Entry<String, HttpRequest.Builder> e : Map.of(
        "c1", json("/auth/login", credentials("alice")),
        "onesait", DialectFixture.request(node, "/oauth-server/oauth/token").header("Content-Type", TestNode.FORM)
            .POST(DialectFixture.body("grant_type=password&username=alice&password=alice-pass"))).entrySet()) {
      assertRefused(e.getKey(), DialectFixture.send(node, e.getValue().header("Authorization", nul)), 401);
    }
  }
}
