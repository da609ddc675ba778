package io.jeton.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback HTTP proxy in front of the test node that counts what passes: token requests by
 * {@code grant_type}, other requests by path. It can lose answers: the request reaches Jeton,
 * which acts on it, and then the connection is closed without an answer, as when a response is
 * lost on the network.
 */
final class CountingProxy implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String target;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  /** Refresh answers still to lose. */
  final AtomicInteger loseRefreshAnswers = new AtomicInteger();
  /** The body of the last token answer that passed (the tests read refresh tokens from it). */
  final AtomicReference<String> lastTokenAnswer = new AtomicReference<>();

  CountingProxy(String target) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI issuer(String realm) {
    return URI.create(base() + "/realms/" + realm);
  }

  /** Requests seen: {@code grant:password}, {@code grant:refresh_token}, ..., or a path. */
  int count(String key) {
    AtomicInteger n = counts.get(key);
    return n == null ? 0 : n.get();
  }

  int grants(String grantType) {
    return count("grant:" + grantType);
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String path = ex.getRequestURI().getRawPath();
    String grant = grantType(new String(body, StandardCharsets.UTF_8));
    String key = path.endsWith("/oauth2/token") && grant != null ? "grant:" + grant : path;
    counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
        .timeout(Duration.ofSeconds(20)).method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String h : new String[] {"Content-Type", "Authorization", "Accept", "DPoP"}) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) {
        req.header(h, v);
      }
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if ("refresh_token".equals(grant) && loseRefreshAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      // Jeton has rotated the token; the client never hears of it. A handler that throws makes
      // the JDK server close the connection without an answer.
      throw new IOException("answer lost on purpose");
    }
    if (path.endsWith("/oauth2/token") && r.statusCode() == 200) {
      lastTokenAnswer.set(new String(r.body(), StandardCharsets.UTF_8));
    }
    r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
    ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }

  private static String grantType(String form) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("grant_type")) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
