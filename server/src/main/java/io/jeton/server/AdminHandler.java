package io.jeton.server;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.server.admin.AdminApi;
import io.jeton.server.admin.Problem;
import io.jeton.server.tls.ClientCertificates;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /admin} and everything under it with the {@link AdminApi} (SPEC 11), through a
 * {@link WireHandler} like every other route (size limit, correlation id, metrics, the database
 * away as a 503), with every error as problem details. The API matches the raw path itself, so
 * that an escaped {@code /} in a client id or username stays inside its segment. While the admin
 * API is off ({@code adminRealm} unset) these paths are what they would be without it: the next
 * handler's (a dialect mounted there, or the unknown-path 404).
 */
final class AdminHandler implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final boolean on;
  private final Handler otherwise;
  private final int maxBodyBytes;
  private final Metrics metrics;
  private final ClientCertificates certificates;
  /** One timer set per route template, so a bounded number (the route table's size, plus one). */
  private final Map<String, Metrics.Route> routeMetrics = new ConcurrentHashMap<>();
  private volatile AdminApi api;

  AdminHandler(boolean on, Handler otherwise, int maxBodyBytes, Metrics metrics, ClientCertificates certificates) {
    this.on = on;
    this.otherwise = otherwise;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.certificates = certificates;
  }

  /** Starts answering with this API (once the engine is ready; until then, 503). */
  void serve(AdminApi api) {
    this.api = api;
  }

  /** Whether the admin API answers {@code path}: it is on, and the path is {@code /admin} or below. */
  boolean serves(String path) {
    return on && (path.equals("/admin") || path.startsWith("/admin/"));
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    if (!on) {
      otherwise.handle(req, res);
      return;
    }
    String raw = req.path().rawPath();
    AdminApi a = api;
    Function<WireRequest, WireResponse> endpoint = a == null
        ? in -> Problem.unavailable("the server is starting").render(in.context().correlationId())
        : in -> respond(a, raw, in);
    String name = AdminApi.routeName(raw);
    new WireHandler(endpoint, maxBodyBytes, routeMetrics.computeIfAbsent(name, metrics::route), AdminHandler::refuse,
        certificates).handle(req, res);
  }

  /** The API's answer; a bug becomes a 500 problem, logged with the correlation id and never sent. */
  private static WireResponse respond(AdminApi a, String raw, WireRequest in) {
    try {
      return a.respond(raw, in);
    } catch (RuntimeException e) {
      if (WireHandler.databaseUnavailable(e)) {
        throw e; // WireHandler answers 503 through refuse
      }
      LOG.error("admin request {} {} failed", in.method(), AdminApi.routeName(raw), e);
      return Problem.serverError(in.context().correlationId()).render(in.context().correlationId());
    }
  }

  /** What WireHandler refuses before the API runs (too large, unreadable, malformed query, database away). */
  static WireResponse refuse(OAuthError error) {
    return Problem.of(error).render("");
  }
}
