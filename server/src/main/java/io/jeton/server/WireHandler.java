package io.jeton.server;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jeton.core.RequestContext;
import io.jeton.core.client.ClientCertificate;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.oauth2.ErrorResponse;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.server.tls.ClientCertificates;
import io.jeton.store.jdbc.JdbcStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Adapts one dialect endpoint to Helidon: reads the body up to the size limit, builds the {@link
 * WireRequest} with its correlation id, calls the endpoint, and writes the whole {@link
 * WireResponse} at once. Any exception becomes a generic {@code server_error}, logged with the
 * correlation id and never sent (SPEC section 4).
 */
final class WireHandler implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(WireHandler.class);
  private static final HeaderName CORRELATION = HelidonHeaders.name(Correlation.HEADER);
  private static final byte[] NO_BODY = new byte[0];
  /**
   * {@link WireResponse#NO_STORE_JSON} with the edge headers, as Helidon headers that keep their
   * encoded bytes: validated and encoded once rather than on every response.
   */
  private static final List<Header> NO_STORE_JSON_HEADERS = withEdgeHeaders(WireResponse.noStoreJson(200, NO_BODY))
      .entrySet().stream().filter(h -> writable(h.getKey(), h.getValue()))
      .map(h -> HeaderValues.createCached(HelidonHeaders.name(h.getKey()), h.getValue())).toList();
  /** While the database is away every request fails the same way: one line every 10 s is enough. */
  private static final RateLimitedLog UNAVAILABLE_LOG = new RateLimitedLog(10_000_000_000L);
  /** Seconds a client should wait after a 503: about one hash-queue wait. */
  static final String RETRY_AFTER_SECONDS = "1";

  private final Function<WireRequest, WireResponse> endpoint;
  private final int maxBodyBytes;
  private final Metrics.Route metrics;
  private final Function<OAuthError, WireResponse> refusal;
  private final ClientCertificates certificates;
  private final RequestLog log;

  WireHandler(Function<WireRequest, WireResponse> endpoint, int maxBodyBytes, Metrics.Route metrics,
      Function<OAuthError, WireResponse> refusal) {
    this(endpoint, maxBodyBytes, metrics, refusal, ClientCertificates.HANDSHAKE_ONLY);
  }

  WireHandler(Function<WireRequest, WireResponse> endpoint, int maxBodyBytes, Metrics.Route metrics,
      Function<OAuthError, WireResponse> refusal, ClientCertificates certificates) {
    this(endpoint, maxBodyBytes, metrics, refusal, certificates, metrics.log());
  }

  /**
   * @param refusal renders what this handler refuses before the endpoint runs (body too large or
   *     unreadable, malformed query) in the endpoint's own error shape
   * @param certificates where a request's TLS client certificate comes from (handshake or trusted proxy)
   * @param log the realm and client of the request's log lines, and its access line
   */
  WireHandler(Function<WireRequest, WireResponse> endpoint, int maxBodyBytes, Metrics.Route metrics,
      Function<OAuthError, WireResponse> refusal, ClientCertificates certificates, RequestLog log) {
    this.log = log;
    this.certificates = certificates;
    this.endpoint = endpoint;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.refusal = refusal;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    long start = System.nanoTime();
    HelidonHeaders headers = new HelidonHeaders(req.headers());
    String cid = Correlation.of(headers);
    MDC.put("cid", cid);
    try {
      WireResponse out;
      try {
        out = respond(req, headers, cid);
      } catch (RuntimeException | Error e) {
        if (databaseUnavailable(e)) {
          // the database is away, or every pool connection stayed taken past the pool's timeout: an
          // outage or an overload, not a bug (SPEC 10: 503 in the API's shape, never 500)
          if (UNAVAILABLE_LOG.due()) {
            LOG.warn("request {} {}: the database is unavailable: {}{}", req.prologue().method().text(),
                req.path().path(), e.toString(), UNAVAILABLE_LOG.suppressed());
          }
          out = refusal.apply(OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, OAuthError.Reason.OVERLOADED,
              "the database is unavailable, retry shortly"));
        } else {
          LOG.error("request {} {} failed", req.prologue().method().text(), req.path().path(), e);
          out = ErrorResponse.serverError(cid);
        }
      }
      write(res, out, cid);
      long nanos = System.nanoTime() - start;
      metrics.record(out.status(), nanos);
      log.access(req.prologue().method().text(), out.status(), nanos);
    } finally {
      MDC.remove("cid");
      RequestLog.clear();
    }
  }

  private WireResponse respond(ServerRequest req, HelidonHeaders headers, String cid) {
    OptionalLong declared = req.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
      return tooLarge();
    }
    byte[] body;
    try {
      body = readBody(req);
    } catch (RequestException e) {
      return e.status().code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code() ? tooLarge() : unreadable();
    } catch (UncheckedIOException e) {
      return unreadable();
    }
    if (body == null) {
      return tooLarge();
    }
    Map<String, List<String>> query = query(req.query().rawValue());
    if (query == null) {
      return refusal.apply(OAuthError.invalidRequest("the query string is malformed: a bad %-escape or "
          + "bytes that are not UTF-8"));
    }
    String remote = address(req.remotePeer().address());
    Optional<ClientCertificate> certificate;
    try {
      certificate = certificates.of(remote, req.isSecure() ? req.remotePeer().tlsCertificates() : Optional.empty(),
          certificates.header().isEmpty() ? List.of() : headers.all(certificates.header()));
    } catch (IllegalArgumentException e) {
      return refusal.apply(OAuthError.invalidRequest("the client certificate in header '" + certificates.header()
          + "' is malformed: " + e.getMessage()));
    }
    RequestContext ctx = new RequestContext(cid, remote, certificate);
    Map<String, String> params = pathParams(req);
    WireRequest in = new WireRequest(req.prologue().method().text(), params, headers, query, body, ctx);
    log.fields(in);
    return endpoint.apply(in);
  }

  /**
   * Whether the failure means there is no database to answer: unreachable or gone away (SQLState
   * class 08, PostgreSQL 57P01 to 57P03) or a pool that had no connection in time (HikariCP's
   * SQLTransientConnectionException), anywhere in the cause chain ({@link JdbcStoreException#unavailable}).
   */
  static boolean databaseUnavailable(Throwable e) {
    return JdbcStoreException.unavailable(e);
  }

  private WireResponse unreadable() {
    return refusal.apply(OAuthError.invalidRequest("the request body could not be read"));
  }

  /** The rest of the body is not read, so the connection closes whatever status the dialect chose. */
  private WireResponse tooLarge() {
    return refusal.apply(OAuthError.invalidRequest("the request body is larger than " + maxBodyBytes + " bytes")
        .withStatus(413)).withHeader("Connection", "close");
  }

  /** The whole body, or null when it is larger than the limit. */
  private byte[] readBody(ServerRequest req) {
    if (!req.content().hasEntity()) {
      return NO_BODY;
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] b = in.readNBytes(maxBodyBytes + 1);
      return b.length > maxBodyBytes ? null : b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (DataReader.InsufficientDataAvailableException e) {
      // the client closed its side before the end of the body it announced
      throw new UncheckedIOException(new IOException("the body ended early", e));
    } catch (IllegalArgumentException e) {
      // Helidon's chunked decoding throws NumberFormatException for a chunk size beyond an int:
      // bad framing from the client, so the body cannot be read (a 400), not a server error
      throw new UncheckedIOException(new IOException("malformed chunked body", e));
    }
  }

  /**
   * The response's headers with those every response of a node carries (SPEC section 7, review
   * L1, M3), whatever the dialect rendered: {@code X-Content-Type-Options: nosniff}; {@code
   * Pragma: no-cache} beside every {@code Cache-Control: no-store} (RFC 6749 section 5.1, for
   * HTTP/1.0 caches); and {@code Retry-After} on every 503 (RFC 9110 section 10.2.3), so that an
   * overloaded hashing pool or a starting node tells clients when to come back in every API.
   */
  static Map<String, String> withEdgeHeaders(WireResponse out) {
    Map<String, String> h = new LinkedHashMap<>(out.headers());
    if (out.header("X-Content-Type-Options") == null) {
      h.put("X-Content-Type-Options", "nosniff");
    }
    String cache = out.header("Cache-Control");
    if (cache != null && cache.toLowerCase(Locale.ROOT).contains("no-store") && out.header("Pragma") == null) {
      h.put("Pragma", "no-cache");
    }
    if (out.status() == 503 && out.header("Retry-After") == null) {
      h.put("Retry-After", RETRY_AFTER_SECONDS);
    }
    return h;
  }

  /**
   * Whether a response header may be written as it is: the name a token (RFC 9110 section 5.6.2),
   * the value visible characters, spaces, tabs and obs-text (section 5.5), so never a CR, LF or NUL
   * that would split the response. Helidon's own check of every header of every response is off
   * ({@code JetonServer}): it was a twentieth of an introspection's CPU, and the headers of most
   * responses are constants checked once ({@link #NO_STORE_JSON_HEADERS}); all others are checked here.
   */
  static boolean writable(String name, String value) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        return false;
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }

  private static String clip(String s) {
    return FormBody.clip(s);
  }

  /** The decoded query parameters in order, every value of each; null when malformed. */
  static Map<String, List<String>> query(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Map.of();
    }
    byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
    Map<String, List<String>> out = new LinkedHashMap<>();
    int start = 0;
    while (start <= b.length) {
      int amp = start;
      while (amp < b.length && b[amp] != '&') {
        amp++;
      }
      if (amp > start) {
        int eq = start;
        while (eq < amp && b[eq] != '=') {
          eq++;
        }
        String name = FormBody.decodeComponent(b, start, eq);
        String value = eq < amp ? FormBody.decodeComponent(b, eq + 1, amp) : "";
        if (name == null || value == null) {
          return null;
        }
        out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = amp + 1;
    }
    return out;
  }

  private static Map<String, String> pathParams(ServerRequest req) {
    var p = req.path().pathParameters();
    if (p.isEmpty()) {
      return Map.of();
    }
    Map<String, String> m = new HashMap<>(4);
    for (String name : p.names()) {
      m.put(name, p.get(name));
    }
    return m;
  }

  private static String address(SocketAddress a) {
    return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : "";
  }

  static void write(ServerResponse res, WireResponse out, String cid) {
    if (out.headers() == WireResponse.NO_STORE_JSON && out.status() != 503) {
      res.status(Status.create(out.status()));
      // the headers of nearly every response (tokens, introspection, errors): checked and prepared once
      for (Header h : NO_STORE_JSON_HEADERS) {
        res.header(h);
      }
    } else {
      Map<String, String> headers = withEdgeHeaders(out);
      for (Map.Entry<String, String> h : headers.entrySet()) {
        if (!writable(h.getKey(), h.getValue())) {
          // a bug of a dialect, never a response split: the client gets a 500 and no part of the header
          LOG.error("response header '{}' is not a valid HTTP header; answering 500 instead", clip(h.getKey()));
          write(res, ErrorResponse.serverError(cid), cid);
          return;
        }
      }
      res.status(Status.create(out.status()));
      for (Map.Entry<String, String> h : headers.entrySet()) {
        res.header(HelidonHeaders.name(h.getKey()), h.getValue());
      }
    }
    res.header(CORRELATION, cid);
    if (out.status() == 413) {
      // the rest of the body was not read: close rather than leave the client a broken keep-alive
      res.header(HeaderNames.CONNECTION, "close");
    }
    res.send(out.body());
  }

  /** Says when a repeated warning is due again, and how many were left out since the last one. */
  static final class RateLimitedLog {
    private final long everyNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong skipped = new AtomicLong();
    private volatile long reported;

    RateLimitedLog(long everyNanos) {
      this.everyNanos = everyNanos;
    }

    boolean due() {
      long now = System.nanoTime();
      long n = next.get();
      if ((n == Long.MIN_VALUE || now - n >= 0) && next.compareAndSet(n, now + everyNanos)) {
        reported = skipped.getAndSet(0);
        return true;
      }
      skipped.incrementAndGet();
      return false;
    }

    /** Text to append to a due line: how many like it were not logged. */
    String suppressed() {
      long r = reported;
      return r == 0 ? "" : " (and " + r + " more like it not logged)";
    }
  }
}
