package io.jeton.server;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jeton.core.Engine;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.SeedDialect;
import io.jeton.dialect.wire.Dialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.Route;
import io.jeton.server.tls.ClientCertificates;
import io.jeton.dialect.wire.WireResponse;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed dialects' routes (SPEC section 3), mounted under each dialect's prefix. Helidon's
 * routing is fixed when the listener starts, before the engine exists, so this is the routing's
 * last handler: it dispatches on the exact path to the dialect routes installed once the engine
 * is ready, and answers everything else with the unknown-path 404.
 */
final class DialectRoutes implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(DialectRoutes.class);

  private final Handler notFound;
  private final int maxBodyBytes;
  private final Metrics metrics;
  private volatile Map<String, Handler> byPath = Map.of();
  private volatile Map<String, Function<OAuthError, WireResponse>> refusals = Map.of();

  private final ClientCertificates certificates;

  DialectRoutes(Handler notFound, int maxBodyBytes, Metrics metrics, ClientCertificates certificates) {
    this.certificates = certificates;
    this.notFound = notFound;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
  }

  /**
   * Mounts every enabled dialect: a configured mount wins, an unconfigured dialect gets its
   * default mount (the seed's own paths).
   *
   * @throws IllegalStateException when two mounts claim the same path
   */
  void serve(Engine engine, Map<String, DialectMount> configured) {
    Map<String, Handler> m = new HashMap<>();
    Map<String, Function<OAuthError, WireResponse>> refuse = new HashMap<>();
    for (SeedDialect seed : SeedDialect.values()) {
      String name = seed.wireName();
      DialectMount mount = configured.getOrDefault(name, seed.defaultMount());
      if (!mount.enabled()) {
        continue;
      }
      Dialect d = seed.create(engine, mount);
      for (Route r : d.routes()) {
        String path = mount.prefix() + r.path();
        Handler h = new WireHandler(r.handler(), maxBodyBytes, metrics.route(name, r.path()), d::refuse,
            certificates, RequestLog.of(r.path(), mount));
        if (m.put(path, h) != null) {
          throw new IllegalStateException("dialect '" + name + "' is mounted on " + path + ", which is taken");
        }
        refuse.put(path, d::refuse);
      }
      LOG.info("dialect {} mounted at '{}'{}", name, mount.prefix().isEmpty() ? "/" : mount.prefix(),
          mount.realm().map(r -> " for realm " + r).orElse(""));
    }
    refusals = Map.copyOf(refuse);
    byPath = Map.copyOf(m);
  }

  /**
   * How the dialect mounted at {@code path} renders a refusal, for requests refused before
   * routing (a body over the size limit, say); empty for a path no dialect serves.
   */
  Optional<Function<OAuthError, WireResponse>> refusal(String path) {
    return Optional.ofNullable(refusals.get(path));
  }

  Collection<String> paths() {
    return byPath.keySet();
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    Handler h = byPath.get(req.path().path());
    (h != null ? h : notFound).handle(req, res);
  }
}
