package io.jeton.server;

import static io.jeton.server.TestNode.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.testkit.Fuzz;
import io.jeton.testkit.FuzzCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the HTTP edge over a real socket (issue 6 point 9): a few hundred raw requests, valid
 * ones to every API with their bytes edited (the head, the body with or without a matching
 * Content-Length, or the whole), or malformed in the ways proxies and attackers send (huge or
 * many headers, bad framing, odd versions). Every answer the server gives is no 5xx, carries no
 * stack trace or internal class name, and a refusal writes nothing; the node still serves a valid
 * request throughout. The client half-closes after each request, so a truncated one ends at once.
 */
class RawHttpFuzzTest {
  static final Pattern STATUS = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");
  static final List<String> LEAKS = List.of("Exception", "\tat ", "io.jeton.", "java.", "com.fasterxml",
      "io.helidon", "org.h2", "Caused by");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = DialectFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String request(String method, String target, String body, String... headers) {
    StringBuilder s = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      s.append(h).append("\r\n");
    }
    if (body != null) {
      s.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
    }
    return s.append("\r\n").append(body == null ? "" : body).toString();
  }

  static final String APP = "Authorization: " + basic("app", "app-secret");
  static final String FORM = "Content-Type: application/x-www-form-urlencoded";
  static final String JSON = "Content-Type: application/json";
  static final List<String> VALID = List.of(
      request("POST", "/realms/shop/oauth2/token", "grant_type=client_credentials&scope=read", APP, FORM),
      request("POST", "/realms/shop/oauth2/introspect", "token=abc", APP, FORM),
      request("GET", "/realms/shop/oauth2/jwks", null),
      request("GET", "/realms/shop/.well-known/openid-configuration", null),
      request("POST", "/auth/login", "{\"username\":\"alice\",\"password\":\"alice-pass\"}", APP, JSON),
      request("GET", "/auth/validate?accessToken=a.b.c", null, APP),
      request("GET", "/oauth-server/oauth/check_token?token=abc", null, APP),
      request("POST", "/oauth-server/oauth/token", "grant_type=password&username=alice&password=alice-pass", APP, FORM),
      request("POST", "/ags/signon", "{\"parameters\":[{\"name\":\"username\",\"value\":\"alice\"},"
          + "{\"name\":\"password\",\"value\":\"alice-pass\"}]}", JSON, "nv-tenant-id: shop",
          "x-auth-service-id: password"),
      request("GET", "/ags/servicediscovery", null, "nv-tenant-id: shop"),
      request("POST", "/amino/login", "username=alice&password=alice-pass", FORM),
      request("DELETE", "/amino/session", null, "Authorization: Bearer a.b.c"),
      request("GET", "/health/live", null));
  /** Committed inputs (fuzz/raw): each replayed, and mutated beside {@link #VALID}. */
  static final List<FuzzCorpus.Entry> CORPUS = FuzzCorpus.load("fuzz/raw");

  /** What one exchange got back: the raw bytes, possibly none (a request the server dropped). */
  static String exchange(byte[] request) {
    try (Socket s = new Socket("127.0.0.1", node.server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server neither answered nor closed within 5 s; so far: "
            + Fuzz.show(out.toByteArray()), e);
      } catch (IOException e) {
        // a reset after a refusal: what was read before it is the answer
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] mutate(Fuzz f, String valid) {
    int split = valid.indexOf("\r\n\r\n") + 4;
    byte[] head = valid.substring(0, split).getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = valid.substring(split).getBytes(StandardCharsets.UTF_8);
    return switch (f.between(0, 9)) {
      case 0, 1, 2 -> f.mutate(valid.getBytes(StandardCharsets.UTF_8), 3);
      case 3, 4 -> concat(f.mutate(head, 3), body);
      case 5, 6 -> {
        byte[] b = f.mutate(body, 3);
        String h = new String(head, StandardCharsets.ISO_8859_1).replaceAll("Content-Length: \\d+",
            "Content-Length: " + b.length);
        yield concat((h.contains("Content-Length") ? h : h.replace("\r\n\r\n", "\r\nContent-Length: " + b.length
            + "\r\n\r\n")).getBytes(StandardCharsets.ISO_8859_1), b);
      }
      default -> malformed(f, valid).getBytes(StandardCharsets.ISO_8859_1);
    };
  }

  /** Requests that break HTTP framing or limits in the usual ways. */
  static String malformed(Fuzz f, String valid) {
    String line = valid.substring(0, valid.indexOf("\r\n"));
    String rest = valid.substring(valid.indexOf("\r\n"));
    return switch (f.between(0, 11)) {
      case 0 -> valid.replace("\r\n\r\n", "\r\nX-Big: " + "a".repeat(f.between(1000, 70000)) + "\r\n\r\n");
      case 1 -> valid.replace("\r\n\r\n", "\r\n" + "X-Many: 1\r\n".repeat(f.between(50, 400)) + "\r\n");
      case 2 -> line.replaceFirst(" /", " /" + "a".repeat(f.between(1000, 20000))) + rest;
      case 3 -> line.replace("HTTP/1.1", f.pick("HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 x", "", "http/1.1"))
          + rest;
      case 4 -> valid.replaceAll("Content-Length: \\d+", "Content-Length: " + f.pick("-1", "abc", "99999999999",
          "1, 2", "", "4 4", "+5", "0x10"));
      case 5 -> valid.replace("\r\n\r\n", "\r\nTransfer-Encoding: chunked\r\n\r\n" + f.pick("zz\r\n", "5\r\nab",
          "0\r\n\r\n", "ffffffffffffffff\r\n", "3;x=y\r\nabc\r\n0\r\n\r\n"));
      case 6 -> valid.replace("\r\n", "\n");
      case 7 -> valid.replace("Host: 127.0.0.1\r\n", f.pick("", "Host: a\r\nHost: b\r\n", "Host: \u0000\r\n"));
      case 8 -> line.replaceFirst("^\\S+", f.pick("G", "get", "BREW", "\u0000", "GET GET", "CONNECT"))
          + rest;
      case 9 -> valid.replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n");
      case 10 -> valid.replace("\r\n\r\n", "\r\n " + f.text(20).replaceAll("[\r\n]", "") + "\r\n\r\n");
      default -> line.replaceFirst(" (\\S+) ", " " + f.pick("*", "http://x/realms/shop/oauth2/jwks",
          "/realms/%2e%2e/oauth2/jwks", "/realms/shop/oauth2/jwks#x", "//", "/%", "/realms/shop/oauth2/jwks?%zz")
          + " ") + rest;
    };
  }

  /** The invariants of one exchange; returns whether the server answered at all. */
  static boolean assertAnswer(Fuzz f, byte[] request, TreeMap<String, Integer> statuses) {
    long rows = node.writtenRows();
    String answer = f.logged("answer", exchange(request));
    Matcher m = STATUS.matcher(answer);
    boolean refusedAll = true;
    int answers = 0;
    while (m.find()) {
      answers++;
      int status = Integer.parseInt(m.group(1));
      assertThat(status).as("status").isBetween(100, 499);
      refusedAll &= status >= 400;
      statuses.merge(m.group(1), 1, Integer::sum);
    }
    String sent = new String(request, StandardCharsets.ISO_8859_1);
    for (String leak : LEAKS) {
      if (answer.contains(leak)) {
        assertThat(sent).as("'" + leak + "' in the answer is an echo of the request").contains(leak);
      }
    }
    if (answers > 0 && refusedAll) {
      assertThat(node.writtenRows()).as("a refusal writes nothing").isEqualTo(rows);
    }
    return answers > 0;
  }

  @Test
  void corpus_everyEntry_neverServerErrorNorLeakNorWrite() {
    TreeMap<String, Integer> statuses = new TreeMap<>();
    for (int i = 0; i < CORPUS.size(); i++) {
      FuzzCorpus.Entry e = CORPUS.get(i);
      Fuzz.replay("raw corpus " + e.name(), 20261311L, i, f -> assertThat(assertAnswer(f, e.bytes(), statuses))
          .as("answered").isTrue());
    }
  }

  @Test
  void rawRequests_mutatedOrMalformed_neverServerErrorNorLeakNorWrite() {
    TreeMap<String, Integer> statuses = new TreeMap<>();
    List<String> seeds = new java.util.ArrayList<>(VALID);
    CORPUS.forEach(e -> seeds.add(new String(e.bytes(), StandardCharsets.UTF_8)));
    Fuzz.check("raw http", 20261310L, 400, f -> {
      String seed = f.pick(seeds);
      byte[] request = f.logged("request", seed.contains("\r\n\r\n") ? mutate(f, seed)
          : f.mutate(seed.getBytes(StandardCharsets.UTF_8), 3));
      statuses.merge(assertAnswer(f, request, statuses) ? "answered" : "none", 1, Integer::sum);
      if (f.chance(0.1)) {
        assertThat(exchange(VALID.get(0).getBytes(StandardCharsets.UTF_8))).as("still serving")
            .startsWith("HTTP/1.1 200");
      }
    });
    System.out.println("raw http: answers by status " + statuses);
    assertThat(statuses.getOrDefault("answered", 0)).as("most requests are answered").isGreaterThan(300);
    assertThat(exchange(VALID.get(0).getBytes(StandardCharsets.UTF_8))).startsWith("HTTP/1.1 200");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
