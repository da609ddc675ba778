package io.jeton.server;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.jeton.core.Engine;
import io.jeton.core.keys.SignatureProvider;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.client.CertificateTrust;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.user.PasswordHasher;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.server.admin.AdminApi;
import io.jeton.server.config.ServerConfig;
import io.jeton.server.tls.ClientCertificates;
import io.jeton.server.tls.TlsListener;
import io.jeton.store.jdbc.JdbcStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One Jeton node: the store, the engine, background work ({@link Background}: revocation polling
 * and the purge job) and the Helidon SE
 * WebServer (virtual threads) serving the standard OAuth 2 endpoints of SPEC section 2, the seed
 * dialects of section 3, and the health checks and metrics. Start with {@link #start}; {@link #close} stops it gracefully.
 */
public final class JetonServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JetonServer.class);
  /**
   * How long a queued login may wait for a hashing thread before it gets 503 with Retry-After
   * (review M3): a backstop; a login is turned away at once only when the queue is full.
   */
  static final Duration HASH_QUEUE_WAIT = PasswordHasher.DEFAULT_QUEUE_WAIT;
  /** How long a /health/ready database ping is reused (review M8). */
  static final Duration READY_PROBE_TTL = Duration.ofSeconds(1);
  /** Open connections a node accepts; more wait in the accept backlog (review M8). */
  static final int MAX_CONNECTIONS = 4096;
  /** Requests in progress at once, each buffering at most maxBodyBytes; more get 503 (review M8). */
  static final int MAX_CONCURRENT_REQUESTS = 1024;
  /** The request line (method, path and query: a C1 validate URL holds a whole JWT). */
  static final int MAX_REQUEST_LINE_BYTES = 8192;
  /**
   * keyPublishSeconds below this many key reload intervals draws a warning at import: a ready node
   * may be three reloads behind, and the JWKS max-age is half of keyPublishSeconds (docs/keys.md).
   */
  static final int MIN_PUBLISH_RELOADS = 6;
  /** All header lines together; this bounds their count too. Larger: 431 in the API's shape. */
  static final int MAX_HEADER_BYTES = 16384;

  private final ServerConfig config;
  private final JdbcStores db;
  private final Engine engine;
  private final WebServer web;
  private final Background background;
  private final String publicUrl;
  private final Metrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JetonServer(ServerConfig config, JdbcStores db, Engine engine, WebServer web,
      Background background, String publicUrl, Metrics metrics) {
    this.metrics = metrics;
    this.config = config;
    this.db = db;
    this.engine = engine;
    this.web = web;
    this.background = background;
    this.publicUrl = publicUrl;
  }

  /** Starts a node with no realms to import. */
  public static JetonServer start(ServerConfig config) {
    return start(config, List.of());
  }

  /**
   * Starts a node: resolves the master key, opens the store, binds the listener, builds the
   * engine, applies {@code imports} (realms parsed from the YAML files of {@code
   * config.imports()}), and only then answers requests and prints {@code jeton listening on
   * http://HOST:PORT} as the one line on stdout.
   *
   * @throws IllegalStateException with a message for the operator when it cannot start
   */
  public static JetonServer start(ServerConfig config, List<RealmImport> imports) {
    return start(config, imports, Map.of());
  }

  /**
   * The same, with the {@code dialects:} mounts of the configuration; a seed dialect that is not
   * configured is mounted at its default prefix with no realm bound.
   */
  public static JetonServer start(ServerConfig config, List<RealmImport> imports,
      Map<String, DialectMount> dialects) {
    return start(config, imports, dialects, HASH_QUEUE_WAIT);
  }

  /** The same, with this queue wait of the hashing pool (tests flood a pool with a short one). */
  static JetonServer start(ServerConfig config, List<RealmImport> imports, Map<String, DialectMount> dialects,
      Duration hashQueueWait) {
    return start(config, imports, dialects, hashQueueWait, InstantSource.system());
  }

  /** The same on {@code clock} (tests move time, such as a signing key's activation, without sleeping). */
  static JetonServer start(ServerConfig config, List<RealmImport> imports, Map<String, DialectMount> dialects,
      Duration hashQueueWait, InstantSource clock) {
    long t0 = System.nanoTime();
    bridgeJulLogging();
    MasterKey masterKey = MasterKeySource.resolve(config);
    int hashThreads = PasswordHasher.threadsFor(config.hashThreads(), config.argon2(),
        Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());
    if (config.hashThreads() > hashThreads) {
      LOG.warn("hashThreads {} lowered to {}: each Argon2 hash needs about {} MiB and the heap is {} MiB",
          config.hashThreads(), hashThreads, config.argon2().memoryKiB() * 12 / 10 / 1024,
          Runtime.getRuntime().maxMemory() >> 20);
    }
    if (config.dbUrl().isEmpty()) {
      try {
        Files.createDirectories(config.dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
      }
    }
    // Opening the store (pool, migrations) and starting the listener are both mostly class
    // loading: do them on two threads. Requests before the engine is ready get 503.
    CompletableFuture<JdbcStores> opening = inBackground("jeton-store-open", () -> JdbcStores.open(
        config.effectiveDbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(),
        config.lifecycle().changeNotices()));
    CompletableFuture<PasswordHasher> hashing = inBackground("jeton-hasher-init", () -> new PasswordHasher(
        config.argon2(), hashThreads, PasswordHasher.queueFor(hashThreads), hashQueueWait));
    WebServer web = null;
    Engine engine = null;
    Metrics metrics = null;
    JdbcStores db = null;
    AtomicReference<Background> tasks = new AtomicReference<>();
    try {
      metrics = new Metrics();
      // /health/ready is unauthenticated: at most one database ping a second, one at a time (M8);
      // and a node whose revocation view is stale is not ready either (review H5)
      CachedProbe database = new CachedProbe(() -> opening.isDone() && !opening.isCompletedExceptionally()
          && opening.join().ping(), READY_PROBE_TTL, System::nanoTime);
      ServerConfig.Tls tls = config.tls();
      CertificateTrust trust = TlsListener.trust(tls);
      Routes routes = new Routes(() -> (tasks.get() == null || tasks.get().fresh())
          && database.getAsBoolean(), config.maxBodyBytes(), metrics,
          new ClientCertificates(tls.proxyCertHeader(), tls.trustedProxies()), config.adminRealm().isPresent());
      WebServerConfig.Builder listener = WebServer.builder();
      if (tls.enabled()) {
        listener.tls(TlsListener.tls(tls));
      }
      web = listener
          .host(config.host())
          .port(config.port())
          .maxPayloadSize(config.maxBodyBytes())
          // Edge limits (review M8): connections, requests in progress (each buffers up to
          // maxBodyBytes), the request line and the headers; beyond them Helidon refuses, and
          // Routes.direct answers in the API's shape.
          .maxTcpConnections(MAX_CONNECTIONS)
          .maxConcurrentRequests(MAX_CONCURRENT_REQUESTS)
          // Helidon would refuse a bad %-escape in the query before reading the headers, so
          // without the correlation id and in no dialect's shape; WireHandler decodes it strictly.
          // Response headers are checked by WireHandler.writable (and the constant ones once), not
          // again by Helidon on every response.
          .addProtocol(Http1Config.builder().validatePrologue(false).validateResponseHeaders(false)
              .maxPrologueLength(MAX_REQUEST_LINE_BYTES).maxHeadersSize(MAX_HEADER_BYTES).build())
          .shutdownGracePeriod(Duration.ofSeconds(5))
          .directHandlers(d -> {
            for (DirectHandler.EventType t : DirectHandler.EventType.values()) {
              d.addHandler(t, routes::direct);
            }
          })
          .routing((HttpRouting.Builder r) -> routes.register(r))
          .build()
          .start();
      long tListen = System.nanoTime();
      db = join(opening);
      if (db.autovacuumOff()) {
        LOG.warn("PostgreSQL runs with autovacuum = off: dead rows of refresh rotations and purges are never "
            + "reclaimed, so the tables grow without bound; turn it on (docs/storage.md)");
      }
      long tStore = System.nanoTime();
      String url = config.effectivePublicUrl(web.port());
      PasswordHasher hasher = join(hashing);
      engine = new Engine(new EngineSettings(url, config.lifecycle().verifiedTokens(),
          config.lifecycle().directoryCache(), trust, config.dpopNonce())
          .withBrowserSessions(config.lifecycle().browserSessions()), db.stores(), masterKey, hasher, clock);
      // other nodes' revocations, key rotations and directory changes, as they commit (SPEC 10)
      db.stores().changes().subscribe(engine::applyChange);
      tasks.set(Background.start(engine, db, config, metrics, clock));
      metrics.bind(engine, tasks.get(), hasher, db);
      JetonServer server = new JetonServer(config, db, engine, web, tasks.get(), url, metrics);
      long tEngine = System.nanoTime();
      server.applyImport(imports);
      routes.serve(engine, dialects);
      if (config.adminRealm().isPresent()) {
        RealmName adminRealm = config.adminRealm().get();
        if (engine.realm(adminRealm).isEmpty()) {
          LOG.warn("adminRealm '{}' does not exist: the admin API refuses every token until it is imported", adminRealm);
        }
        routes.serveAdmin(new AdminApi(engine, adminRealm, engine::auditAdminAction));
        LOG.info("admin API at /admin for tokens of realm '{}' with scope jeton:admin", adminRealm);
      }
      long tEnd = System.nanoTime();
      LOG.info("started in {} ms (listener {} ms, store {} ms more, engine {} ms, import {} ms)", ms(tEnd - t0),
          ms(tListen - t0), ms(tStore - tListen), ms(tEngine - tStore), ms(tEnd - tEngine));
      System.out.println("jeton listening on " + (tls.enabled() ? "https" : "http") + "://" + config.host() + ":"
          + web.port());
      System.out.flush();
      // the native signature provider takes half a second to load: after the start and the first
      // requests, not during them
      SignatureProvider.startLoading(2_000);
      return server;
    } catch (RuntimeException | Error e) {
      if (web != null) {
        web.stop();
      }
      if (tasks.get() != null) {
        tasks.get().close();
      }
      if (engine != null) {
        engine.close();
      } else {
        hashing.thenAccept(PasswordHasher::close);
      }
      if (metrics != null) {
        metrics.close();
      }
      if (db != null) {
        db.close();
      } else {
        opening.thenAccept(JdbcStores::close);
      }
      throw e;
    }
  }

  private static <T> CompletableFuture<T> inBackground(String name, Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
    });
  }

  /** The future's value, or its failure rethrown as it was. */
  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static void bridgeJulLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /** Imports realms, clients and users idempotently (SPEC section 5) through {@link Directory}. */
  public void applyImport(List<RealmImport> imports) {
    Directory directory = new Directory(engine);
    Duration reload = config.lifecycle().keyReload();
    for (RealmImport realm : imports) {
      directory.apply(realm);
      LOG.info("imported realm '{}': {} clients, {} users", realm.realm().name(), realm.clients().size(),
          realm.users().size());
      if (realm.realm().keyPolicy().publish().compareTo(reload.multipliedBy(MIN_PUBLISH_RELOADS)) < 0) {
        LOG.warn("realm '{}': keyPublishSeconds {} is less than {} times keys.reloadSeconds {}: a new signing key "
            + "may sign before every node and cached JWKS has it (docs/keys.md)", realm.realm().name(),
            realm.realm().keyPolicy().publish().toSeconds(), MIN_PUBLISH_RELOADS, reload.toSeconds());
      }
    }
  }

  /** The bound port (the chosen one when the configuration said 0). */
  public int port() {
    return web.port();
  }

  /** The base URL of this node; realm issuers are {@code publicUrl + "/realms/" + name}. */
  public String publicUrl() {
    return publicUrl;
  }

  public Engine engine() {
    return engine;
  }

  /** The store, for the launcher and tests that inspect what was written. */
  public JdbcStores database() {
    return db;
  }

  public ServerConfig config() {
    return config;
  }

  /**
   * Stops accepting requests, lets running ones finish (up to 5 s), then closes the engine and
   * the store. Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    web.stop();
    background.close();
    engine.close();
    metrics.close();
    db.close();
  }
}
