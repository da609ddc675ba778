package io.jeton.server;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.jeton.core.Engine;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.oauth2.Endpoints;
import io.jeton.dialect.oauth2.ErrorResponse;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.server.tls.ClientCertificates;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP routes of a node: the standard OAuth 2 endpoints (SPEC section 2), the seed dialects
 * (section 3, {@link DialectRoutes}), the admin API (SPEC 11, {@link AdminHandler}), the health checks, and JSON answers for unknown paths and for requests Helidon refuses before routing. Until the
 * engine is ready, the OAuth 2 routes answer 503.
 */
final class Routes {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json",
      "Cache-Control", "no-store");
  private static final WireResponse UP = new WireResponse(200, JSON, bytes("{\"status\":\"UP\"}"));
  private static final WireResponse DOWN = new WireResponse(503, JSON, bytes("{\"status\":\"DOWN\"}"));

  private final BooleanSupplier databaseReachable;
  private final int maxBodyBytes;
  private final Metrics metrics;
  private final DialectRoutes dialects;
  private volatile Endpoints endpoints;
  private volatile io.jeton.server.browser.BrowserPages pages;

  private final ClientCertificates certificates;
  private final AdminHandler admin;

  Routes(BooleanSupplier databaseReachable, int maxBodyBytes, Metrics metrics) {
    this(databaseReachable, maxBodyBytes, metrics, ClientCertificates.HANDSHAKE_ONLY, false);
  }

  /**
   * @param certificates where requests' TLS client certificates come from (SPEC section 8)
   * @param adminApi whether {@code /admin} is the admin API ({@code adminRealm} set, SPEC 11)
   */
  Routes(BooleanSupplier databaseReachable, int maxBodyBytes, Metrics metrics, ClientCertificates certificates,
      boolean adminApi) {
    this.certificates = certificates;
    this.databaseReachable = databaseReachable;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.dialects = new DialectRoutes(plain("unknown", in -> ErrorResponse.render(
        OAuthError.of(ErrorCode.NOT_FOUND, "there is no endpoint at this path"), "")), maxBodyBytes, metrics, certificates);
    this.admin = new AdminHandler(adminApi, dialects, maxBodyBytes, metrics, certificates);
  }

  /** Starts answering the admin API with {@code api} (SPEC 11). */
  void serveAdmin(io.jeton.server.admin.AdminApi api) {
    admin.serve(api);
  }

  /** Starts answering the OAuth 2 routes and the mounted seed dialects with this engine. */
  void serve(Engine engine, Map<String, DialectMount> mounts) {
    dialects.serve(engine, mounts);
    this.pages = new io.jeton.server.browser.BrowserPages(engine);
    this.endpoints = new Endpoints(engine);
  }

  void register(HttpRouting.Builder r) {
    for (Endpoints.StandardRoute s : Endpoints.ROUTES) {
      r.any(s.path(), handler(s.name(), s.endpoint()));
    }
    r.any("/realms/{realm}/oauth2/authorize", page("authorize", io.jeton.server.browser.BrowserPages::authorize))
        .any("/realms/{realm}/oauth2/logout", page("logout", io.jeton.server.browser.BrowserPages::logout))
        .any("/realms/{realm}/oauth2/login.css", page("login_css", io.jeton.server.browser.BrowserPages::stylesheet));
    r.any("/health/live", plain("health", in -> get(in, () -> UP)))
        .any("/health/ready", plain("health", in -> get(in, () -> ready() ? UP : DOWN)))
        .any("/metrics", plain("metrics", in -> get(in, metrics::scrape)))
        .any("/admin", admin)
        .any("/admin/*", admin)
        .any(dialects);
  }

  private boolean ready() {
    return endpoints != null && databaseReachable.getAsBoolean();
  }

  private WireHandler plain(String name, Function<WireRequest, WireResponse> f) {
    return plain(Metrics.OWN, name, f);
  }

  /** A handler of {@code dialect}'s endpoint {@code name} (the metrics' labels). */
  private WireHandler plain(String dialect, String name, Function<WireRequest, WireResponse> f) {
    return new WireHandler(f, maxBodyBytes, metrics.route(dialect, name), Routes::refuse, certificates);
  }

  private WireHandler handler(String name, BiFunction<Endpoints, WireRequest, WireResponse> endpoint) {
    Function<WireRequest, WireResponse> f = in -> {
      Endpoints e = endpoints;
      return e == null
          ? ErrorResponse.render(OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, "the server is starting"), "")
          : endpoint.apply(e, in);
    };
    return plain(Metrics.OAUTH2, name, f);
  }

  /** A browser page (SPEC 9): 503 until the engine is ready, like the OAuth 2 routes. */
  private WireHandler page(String name,
      BiFunction<io.jeton.server.browser.BrowserPages, WireRequest, WireResponse> endpoint) {
    return plain(Metrics.OAUTH2, name, in -> {
      io.jeton.server.browser.BrowserPages p = pages;
      return p == null
          ? ErrorResponse.render(OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, "the server is starting"), "")
          : endpoint.apply(p, in);
    });
  }

  private static WireResponse refuse(OAuthError error) {
    return ErrorResponse.render(error, "");
  }

  private static WireResponse get(WireRequest in, Supplier<WireResponse> then) {
    return in.method().equals("GET") || in.method().equals("HEAD") ? then.get()
        : ErrorResponse.methodNotAllowed(in.method(), "GET");
  }

  /**
   * Answers what Helidon refuses before routing (a malformed request line or headers, headers or a
   * body that are too large) with an RFC 6749 error body instead of plain text.
   */
  DirectHandler.TransportResponse direct(DirectHandler.TransportRequest request,
      DirectHandler.EventType type, Status status, ServerResponseHeaders headers, String message) {
    boolean unread = headUnread(request, type);
    boolean busy = status.code() == 503 && !unread;
    boolean ours = status.code() >= 500 && !busy && !unread;
    WireResponse out;
    if (unread) {
      out = ErrorResponse.render(OAuthError.invalidRequest("the request could not be read"), "");
    } else if (busy) {
      // too many requests in progress (JetonServer.MAX_CONCURRENT_REQUESTS): come back later
      OAuthError error = OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, OAuthError.Reason.OVERLOADED,
          "the server is busy, retry shortly");
      out = refusal(request.path()).map(f -> f.apply(error))
          .orElseGet(() -> ErrorResponse.render(error, ""));
    } else if (ours) {
      out = ErrorResponse.render(OAuthError.of(ErrorCode.SERVER_ERROR, "an unexpected error occurred"), "");
    } else {
      OAuthError error = (status.code() == 413
          ? OAuthError.invalidRequest("the request body is larger than " + maxBodyBytes + " bytes")
          : OAuthError.invalidRequest("the request is malformed: "
              + status.reasonPhrase().toLowerCase(Locale.ROOT))).withStatus(status.code());
      // a refusal on a dialect's path is in that dialect's own error shape (SPEC section 3)
      out = refusal(request.path()).map(f -> f.apply(error))
          .orElseGet(() -> ErrorResponse.render(error, ""));
    }
    DirectHandler.TransportResponse.Builder b = DirectHandler.TransportResponse.builder()
        .status(Status.create(out.status()))
        .keepAlive(false);
    for (Map.Entry<String, String> h : WireHandler.withEdgeHeaders(out).entrySet()) {
      if (WireHandler.writable(h.getKey(), h.getValue())) { // Helidon checks no response header (JetonServer)
        b.header(HelidonHeaders.name(h.getKey()), h.getValue());
      }
    }
    String cid = Correlation.of(new HelidonHeaders(request.headers()));
    return b.header(HelidonHeaders.name(Correlation.HEADER), cid).header(HeaderNames.CONNECTION, "close")
        .entity(out.body()).build();
  }

  /** How a refusal before routing is rendered on {@code path}: admin API problem details, or a dialect's shape. */
  private java.util.Optional<Function<OAuthError, WireResponse>> refusal(String path) {
    return admin.serves(path) ? java.util.Optional.of(AdminHandler::refuse) : dialects.refusal(path);
  }

  /**
   * Whether Helidon failed to read the request's head at all: it reports any exception while
   * reading the header section (the client closing or resetting its side mid-way, most of all) as
   * an internal error with an empty request. Like a body that cannot be read (WireHandler), that is
   * the client's failure, a 400; a 5xx with a request Helidon did read stays a server error.
   */
  private static boolean headUnread(DirectHandler.TransportRequest request, DirectHandler.EventType type) {
    return type == DirectHandler.EventType.INTERNAL_ERROR && request.method().isEmpty()
        && request.path().isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
