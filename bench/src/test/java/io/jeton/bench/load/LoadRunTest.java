package io.jeton.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A short closed-loop run against the JDK's own HTTP server on loopback: every response the
 * server sent is counted once (window or outside), keep-alive holds (one connection per worker),
 * and a single refusal or a wrong token type makes the run invalid.
 */
class LoadRunTest {
  private HttpServer server;
  private AtomicLong served;

  private URI serve(String tokenType, long refuseNth) throws Exception {
    served = new AtomicLong();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/realms/bench/oauth2/token", x -> {
      x.getRequestBody().readAllBytes();
      long n = served.incrementAndGet();
      boolean refuse = n == refuseNth;
      byte[] body = (refuse ? "{\"error\":\"invalid_client\"}"
          : "{\"access_token\":\"a.b.c\",\"token_type\":\"" + tokenType + "\",\"expires_in\":3600}")
          .getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(refuse ? 401 : 200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/realms/bench/oauth2/token");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private LoadRun.Outcome run(URI url) throws Exception {
    TokenRequests requests = new TokenRequests(url, new TokenRequests.Clients("c", "s", "d", "ds", "m", "x", "p", null));
    return LoadRun.run(Mode.HTTP_SECRET, 2, Duration.ofMillis(150), Duration.ofMillis(300),
        () -> new HttpConnection(url.getHost(), url.getPort(), null), requests, null);
  }

  @Test
  void run_allGood_countsEveryResponseOnceOverKeptAliveConnections() throws Exception {
    URI url = serve("Bearer", -1);

    LoadRun.Outcome o = run(url);
    RunResult r = TokenLoad.result(Mode.HTTP_SECRET, url, 2, Duration.ofMillis(150), o, 0);

    assertThat(o.window().responses()).isPositive();
    assertThat(o.window().responses() + o.outside().responses()).isEqualTo(served.get());
    assertThat(o.latencies().count()).isEqualTo((int) o.window().responses());
    assertThat(o.connectionsOpened()).isEqualTo(2);
    assertThat(r.valid()).as(r.invalidReason()).isTrue();
    assertThat(r.reqPerSec()).isEqualTo(o.window().responses() / 0.3, org.assertj.core.data.Offset.offset(0.01));
    assertThat(r.p50Ms()).isPositive().isLessThanOrEqualTo(r.p99Ms());
  }

  @Test
  void run_oneRefusalInTheWarmUp_makesTheRunInvalid() throws Exception {
    URI url = serve("Bearer", 3);

    LoadRun.Outcome o = run(url);
    RunResult r = TokenLoad.result(Mode.HTTP_SECRET, url, 2, Duration.ofMillis(150), o, 0);

    assertThat(o.outside().statuses()).containsEntry(401, 1L);
    assertThat(r.valid()).isFalse();
    assertThat(r.invalidReason()).contains("1 bad responses or errors in the warm-up")
        .contains("401 {\"error\":\"invalid_client\"}");
  }

  @Test
  void run_bearerWhereTheModeExpectsDpop_isCountedAsWrongTokenType() throws Exception {
    URI url = serve("DPoP", -1);

    LoadRun.Outcome o = run(url);

    assertThat(o.window().ok()).isPositive();
    assertThat(o.window().wrongTokenType()).isEqualTo(o.window().ok());
    assertThat(TokenLoad.result(Mode.HTTP_SECRET, url, 2, Duration.ZERO, o, 0).valid()).isFalse();
  }
}
