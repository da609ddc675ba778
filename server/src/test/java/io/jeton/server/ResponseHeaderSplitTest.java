package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.jeton.dialect.oauth2.ErrorResponse;
import io.jeton.dialect.wire.WireResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Helidon's check of response headers is off (it cost a twentieth of an introspection); Jeton's own
 * check must keep a header value carrying CR LF, as a dialect bug could write one, from splitting
 * the response: the attacker's injected {@code Set-Cookie} must never reach the client.
 */
class ResponseHeaderSplitTest {
  @Test
  void headerValueWithCrLf_isA500_andTheInjectedHeaderIsNotSent() throws Exception {
    try (Metrics metrics = new Metrics()) {
      WireHandler handler = new WireHandler(in -> new WireResponse(200,
          Map.of("Content-Type", "text/plain", "X-Echo", "a\r\nSet-Cookie: session=attacker"), "ok".getBytes()),
          1024, metrics.route("split"), e -> ErrorResponse.render(e, ""));
      WebServer server = WebServer.builder().host("127.0.0.1").port(0)
          .addProtocol(Http1Config.builder().validateResponseHeaders(false).build())
          .routing(r -> r.any("/split", handler)).build().start();
      try {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/split"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().map().keySet()).noneMatch(n -> n.equalsIgnoreCase("set-cookie"))
            .noneMatch(n -> n.equalsIgnoreCase("x-echo"));
        assertThat(r.body()).contains("\"error\":\"server_error\"");
      } finally {
        server.stop();
      }
    }
  }

  @Test
  void writable_refusesControlCharactersAndNonTokenNames_acceptsOrdinaryHeaders() {
    assertThat(WireHandler.writable("WWW-Authenticate", "Basic realm=\"demo\"")).isTrue();
    assertThat(WireHandler.writable("Retry-After", "1")).isTrue();
    assertThat(WireHandler.writable("X-Tab", "a\tb")).isTrue();
    assertThat(WireHandler.writable("X", "a\r\nSet-Cookie: x")).isFalse();
    assertThat(WireHandler.writable("X", "a\nb")).isFalse();
    assertThat(WireHandler.writable("X", "a\u0000b")).isFalse();
    assertThat(WireHandler.writable("X", "a\u007fb")).isFalse();
    assertThat(WireHandler.writable("X", "\u20ac")).isFalse();
    assertThat(WireHandler.writable("X Y", "v")).isFalse();
    assertThat(WireHandler.writable("X:Y", "v")).isFalse();
    assertThat(WireHandler.writable("", "v")).isFalse();
  }
}
