package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser cookies of a node whose public URL is {@code https://} (behind a TLS-terminating
 * proxy, or its own TLS listener): {@code Secure} as well as HttpOnly and SameSite=Lax (SPEC 9).
 */
class BrowserCookieTlsTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(BrowserSignInHttpTest.imports(), Map.of(),
        c -> c.withPublicUrl("https://auth.example"), JetonServer.HASH_QUEUE_WAIT);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void cookies_overTls_areSecureHttpOnlyAndLax() {
    var p = BrowserSignInHttpTest.params("spa", BrowserSignInHttpTest.CB, BrowserSignInHttpTest.Pkce.fresh(), "s");
    HttpResponse<String> page = node.send(HttpRequest.newBuilder(URI.create(node.base()
        + "/realms/web/oauth2/authorize?" + BrowserSignInHttpTest.query(p))).GET().build());
    assertThat(page.statusCode()).isEqualTo(200);
    String csrf = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(csrf).endsWith("; HttpOnly; SameSite=Lax; Secure");

    HttpResponse<String> logout = node.send(HttpRequest.newBuilder(URI.create(node.base()
        + "/realms/web/oauth2/logout")).GET().build());
    assertThat(logout.headers().firstValue("Set-Cookie"))
        .contains("jeton_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
  }
}
