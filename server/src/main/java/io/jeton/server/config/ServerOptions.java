package io.jeton.server.config;

import io.jeton.core.RealmName;
import io.jeton.core.user.PasswordHasher;
import io.jeton.server.config.ConfigOption.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every server configuration key with its default and one-line doc (STYLE.md section 7); the
 * reference page {@code docs/configuration.md} is generated from this list by {@link ConfigReference}.
 */
public final class ServerOptions {
  private ServerOptions() {}

  /** Where {@code --demo} listens unless a host is set explicitly (SPEC section 7). */
  public static final String DEMO_HOST = "127.0.0.1";

  public static final ConfigOption HOST = ConfigOption.string("host", "0.0.0.0",
      "Address to listen on; with `--demo`, `" + DEMO_HOST + "` unless set explicitly.");
  public static final ConfigOption PORT = ConfigOption.integer("port", ServerConfig.DEFAULT_PORT, 0, 65535,
      "TCP port to listen on; 0 picks a free one.");
  public static final ConfigOption PUBLIC_URL = ConfigOption.of("publicUrl", Kind.HTTP_URL, "",
      "Base URL clients reach Jeton at; a realm's issuer is `{publicUrl}/realms/{realm}`. "
          + "Empty means `http://localhost:{port}`.");
  public static final ConfigOption DATA_DIR = ConfigOption.of("dataDir", Kind.PATH, "data",
      "Directory of the embedded H2 database (and of the demo mode's generated master key).");
  public static final ConfigOption DB_URL = ConfigOption.of("db.url", Kind.JDBC_URL, "",
      "JDBC URL (`jdbc:postgresql://...` or `jdbc:h2:...`). Empty means the embedded H2 file under `dataDir`.");
  public static final ConfigOption DB_USER = ConfigOption.string("db.user", "", "Database user.");
  public static final ConfigOption DB_PASSWORD = ConfigOption.secret("db.password", "Database password.");
  public static final ConfigOption DB_POOL_SIZE =
      ConfigOption.integer("db.poolSize", 16, 1, 1000, "Size of the JDBC connection pool.");
  public static final ConfigOption DB_NOTIFY = ConfigOption.bool("db.notify", true,
      "On PostgreSQL, nodes tell each other of revocations, key rotations and realm, client and user changes by "
          + "`LISTEN/NOTIFY` (channel `jeton_changes`, sent after each commit, coalesced), so another node's revocation "
          + "is honoured within milliseconds and its configuration change at once; the poll (`revocationPollMs`, "
          + "`keys.reloadSeconds`, `directory.cacheSeconds`) stays as the fallback. Each node holds two more "
          + "connections, outside the pool. Ignored on H2.");
  public static final ConfigOption MASTER_KEY = ConfigOption.of("masterKey", Kind.MASTER_KEY, "",
      "Master key encrypting private signing keys at rest: base64 of 32 random bytes "
          + "(`openssl rand -base64 32`). Required unless `masterKeyFile` is set or in demo mode.");
  public static final ConfigOption MASTER_KEY_FILE = ConfigOption.of("masterKeyFile", Kind.PATH, "",
      "File holding the master key in base64, instead of `masterKey`.");
  public static final ConfigOption DEMO = ConfigOption.bool("demo", false,
      "Demo mode: a demo realm, client and user, and a generated master key (never in production). "
          + "Only the `--demo` flag turns it on (not the environment or a file); it refuses `db.url`.");
  public static final ConfigOption MAX_BODY_BYTES = ConfigOption.integer("maxBodyBytes", 65536, 1024, 67_108_864,
      "Largest accepted request body in bytes; larger requests get a 413 error.");
  public static final ConfigOption ARGON2_MEMORY_KIB = ConfigOption.integer("argon2.memoryKib",
      PasswordHasher.Params.DEFAULT.memoryKiB(), 8, 4_194_304, "Argon2id memory cost in KiB of new hashes; "
          + "the default, 7168 with 5 iterations, is OWASP's 7 MiB option and Keycloak 26's default (OWASP's "
          + "19 MiB option: 19456 with 2). A stored hash is checked with its own parameters.");
  public static final ConfigOption ARGON2_ITERATIONS = ConfigOption.integer("argon2.iterations",
      PasswordHasher.Params.DEFAULT.iterations(), 1, 100, "Argon2id iterations (passes) of new hashes.");
  public static final ConfigOption ARGON2_PARALLELISM = ConfigOption.integer("argon2.parallelism",
      PasswordHasher.Params.DEFAULT.parallelism(), 1, 64, "Argon2id lanes of new hashes (OWASP: 1).");
  public static final ConfigOption HASH_THREADS = ConfigOption.integer("hashThreads", 0, 0, 1024,
      "Threads of the bounded password hashing pool; 0 means one per core (Argon2 is CPU-bound). "
          + "Never more than the heap holds: (max heap - 96 MiB) / (`argon2.memoryKib` x 1.2), about 34 with "
          + "bin/jeton's 384 MiB heap and the default 7 MiB hashes (raise `-Xmx` in `JETON_HEAP_OPTS` for more); a heap "
          + "too small for one hash stops the start. Logins beyond the threads wait in a queue of 64 per "
          + "thread (at most 10 s); only a login that finds the queue full gets 503 with `Retry-After`.");
  public static final ConfigOption REVOCATION_POLL_MS = ConfigOption.integer("revocationPollMs", 250, 10, 60_000,
      "How often, in milliseconds, to read revocations made by other nodes.");
  public static final ConfigOption REVOCATION_MAX_STALENESS_MS = ConfigOption.integer("revocationMaxStalenessMs",
      5000, 100, 600_000, "Longest time, in milliseconds, without a successful revocation poll before "
          + "`/health/ready` answers 503 (this node may be missing other nodes' revocations).");
  public static final ConfigOption AUDIT_RETENTION_DAYS = ConfigOption.integer("audit.retentionDays", 30, 1, 36_500,
      "Days audit events are kept; the purge job deletes older ones.");
  public static final ConfigOption PURGE_INTERVAL_SECONDS = ConfigOption.integer("purge.intervalSeconds", 60, 1,
      86_400, "How often, in seconds, the purge job deletes expired sessions, refresh tokens, revocations, "
          + "old audit events and signing keys past their deletion time, and rotates signing keys that are due "
          + "(on one node of a cluster at a time).");
  public static final ConfigOption PURGE_BATCH_SIZE = ConfigOption.integer("purge.batchSize", 500, 1, 100_000,
      "Most rows one purge statement deletes (each batch is its own short transaction).");
  public static final ConfigOption KEYS_RELOAD_SECONDS = ConfigOption.integer("keys.reloadSeconds",
      ServerConfig.Lifecycle.DEFAULT_KEY_RELOAD.toSeconds(), 1, 300, "How often, in seconds, each node looks for "
          + "signing keys other nodes made, retired or deleted (one query, no key material) and loads them. A new key "
          + "signs only after its realm's `keyPublishSeconds`, which must stay at least six times this (docs/keys.md); "
          + "three failed reloads in a row make `/health/ready` answer 503.");
  public static final ConfigOption BROWSER_SESSION_IDLE_SECONDS = ConfigOption.integer("browserSession.idleSeconds",
      io.jeton.core.browser.BrowserSessionPolicy.DEFAULTS.idle().toSeconds(), 60, 86_400 * 30, "Seconds without use "
          + "after which a browser session (`jeton_session` cookie of the login page, SPEC 9) ends; each "
          + "authorization request or Amino cookie exchange restarts it.");
  public static final ConfigOption BROWSER_SESSION_MAX_SECONDS = ConfigOption.integer("browserSession.maxSeconds",
      io.jeton.core.browser.BrowserSessionPolicy.DEFAULTS.max().toSeconds(), 60, 86_400 * 365, "Seconds after the "
          + "login at which a browser session ends however much it is used (the cookie's `Max-Age`).");
  public static final ConfigOption DIRECTORY_CACHE_SECONDS = ConfigOption.integer("directory.cacheSeconds",
      ServerConfig.Lifecycle.DEFAULT_DIRECTORY_CACHE.toSeconds(), 1, 3600, "Longest time, in seconds, a node serves a "
          + "cached realm, client or user without reading it again (without change notices, how long another node's "
          + "change can take to reach it). While the database is away, the last value read keeps serving.");
  public static final ConfigOption VERIFIED_TOKENS = ConfigOption.integer("verifiedTokens",
      io.jeton.core.EngineSettings.DEFAULT_VERIFIED_TOKENS, 0, 100_000_000, "Most access tokens a node remembers "
          + "having signed or verified (24 bytes each, by a 128-bit digest of the whole token), so that it checks each "
          + "token's signature once, not at every introspection (revocation needs no signature check: the sealed "
          + "`jti` vouches for what it uses). The table starts at 4096 entries and doubles as tokens arrive, up to "
          + "this many (48 MB at the default); when full, a new token replaces the one that expires first among its "
          + "neighbours. 0: verify every token every time.");
  public static final ConfigOption TLS_CERT_FILE = ConfigOption.of("tls.certFile", Kind.PATH, "",
      "PEM certificate chain (leaf first) of the HTTPS listener; with `tls.keyFile` the listener on `port` speaks "
          + "TLS 1.2 and 1.3 only and `publicUrl` defaults to `https://localhost:{port}`. Empty: plain HTTP.");
  public static final ConfigOption TLS_KEY_FILE = ConfigOption.of("tls.keyFile", Kind.PATH, "",
      "PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`; EC, RSA or Ed25519) of `tls.certFile`.");
  public static final ConfigOption TLS_CLIENT_AUTH = ConfigOption.string("tls.clientAuth", "optional",
      "`none`, `optional` or `required`: whether the TLS listener asks for a client certificate. Any certificate "
          + "whose key the client proves is accepted; the client's registration decides whom it authenticates.");
  public static final ConfigOption TLS_CLIENT_CA_FILE = ConfigOption.of("tls.clientCaFile", Kind.PATH, "",
      "PEM certificates of the CAs trusted for `tls_client_auth` (RFC 8705 section 2.1). Empty: no CA-issued "
          + "certificate authenticates a client.");
  public static final ConfigOption TLS_PROXY_CERT_HEADER = ConfigOption.string("tls.proxyCertHeader", "",
      "Request header in which a TLS-terminating proxy forwards the client certificate as URL-encoded PEM (nginx "
          + "`$ssl_client_escaped_cert`, Envoy); honoured only from `tls.trustedProxies`. Empty: off.");
  public static final ConfigOption TLS_TRUSTED_PROXIES = ConfigOption.string("tls.trustedProxies", "",
      "Comma-separated CIDR blocks (`10.0.0.0/8,::1/128`) of the proxies whose `tls.proxyCertHeader` is "
          + "honoured; from any other address the header is ignored.");
  public static final ConfigOption IMPORTS = ConfigOption.of("imports", Kind.PATH_LIST, "",
      "YAML files of realms to import at start, idempotently (comma-separated in the environment).");

  public static final ConfigOption DPOP_NONCE = ConfigOption.bool("dpop.nonce", false,
      "Require a server nonce in DPoP proofs (RFC 9449 section 8): a proof without a fresh one gets 400 "
          + "`use_dpop_nonce` and a `DPoP-Nonce` header. Nonces are stateless and valid 2 to 3 minutes on every node.");

  public static final ConfigOption ADMIN_REALM = ConfigOption.string("adminRealm", "",
      "Realm whose access tokens with scope `jeton:admin` may call the admin REST API under `/admin/realms` "
          + "(docs/admin-api.md). Empty: the admin API is off and its paths answer 404.");
  public static final ConfigOption LOG_FORMAT = ConfigOption.string("log.format", "text",
      "`text`: one line per event on stderr; `json`: one JSON object per line (logstash-logback-encoder: "
          + "`@timestamp`, `level`, `logger_name`, `message`, `correlation_id`, `realm`, `client`, ...; "
          + "docs/observability.md).");
  public static final ConfigOption LOG_ACCESS = ConfigOption.bool("log.access", false,
      "One log line per request (logger `io.jeton.access`): method, dialect, endpoint, status and milliseconds, "
          + "with the request's correlation id, realm and client; never its path, query, headers or body.");

  /** Every key, in reference-page order. */
  public static final List<ConfigOption> ALL = List.of(HOST, PORT, PUBLIC_URL, DATA_DIR, DB_URL, DB_USER,
      DB_PASSWORD, DB_POOL_SIZE, DB_NOTIFY, MASTER_KEY, MASTER_KEY_FILE, DEMO, MAX_BODY_BYTES, ARGON2_MEMORY_KIB,
      ARGON2_ITERATIONS, ARGON2_PARALLELISM, HASH_THREADS, REVOCATION_POLL_MS, REVOCATION_MAX_STALENESS_MS,
      AUDIT_RETENTION_DAYS, PURGE_INTERVAL_SECONDS, PURGE_BATCH_SIZE, KEYS_RELOAD_SECONDS, DIRECTORY_CACHE_SECONDS,
      VERIFIED_TOKENS, BROWSER_SESSION_IDLE_SECONDS, BROWSER_SESSION_MAX_SECONDS, TLS_CERT_FILE, TLS_KEY_FILE, TLS_CLIENT_AUTH,
      TLS_CLIENT_CA_FILE, TLS_PROXY_CERT_HEADER, TLS_TRUSTED_PROXIES, IMPORTS, DPOP_NONCE, ADMIN_REALM, LOG_FORMAT,
      LOG_ACCESS);

  /** The option with this dotted key. */
  public static Optional<ConfigOption> byKey(String key) {
    return ALL.stream().filter(o -> o.key().equals(key)).findFirst();
  }

  /** Builds the record from one typed value per option (as {@link ConfigOption#parse} returns them). */
  @SuppressWarnings("unchecked")
  static ServerConfig build(Map<ConfigOption, Object> v) {
    int hashThreads = (int) (long) (Long) v.get(HASH_THREADS);
    return new ServerConfig(
        (String) v.get(HOST),
        (int) (long) (Long) v.get(PORT),
        (String) v.get(PUBLIC_URL),
        asPath(v.get(DATA_DIR)).orElse(Path.of("data")),
        (String) v.get(DB_URL),
        (String) v.get(DB_USER),
        (String) v.get(DB_PASSWORD),
        (int) (long) (Long) v.get(DB_POOL_SIZE),
        Optional.of((String) v.get(MASTER_KEY)).map(String::trim).filter(s -> !s.isEmpty()),
        asPath(v.get(MASTER_KEY_FILE)),
        (Boolean) v.get(DEMO),
        (int) (long) (Long) v.get(MAX_BODY_BYTES),
        new PasswordHasher.Params(
            (int) (long) (Long) v.get(ARGON2_MEMORY_KIB),
            (int) (long) (Long) v.get(ARGON2_ITERATIONS),
            (int) (long) (Long) v.get(ARGON2_PARALLELISM)),
        hashThreads,
        Duration.ofMillis((Long) v.get(REVOCATION_POLL_MS)),
        (List<Path>) v.get(IMPORTS),
        new ServerConfig.Lifecycle(
            Duration.ofMillis((Long) v.get(REVOCATION_MAX_STALENESS_MS)),
            Duration.ofDays((Long) v.get(AUDIT_RETENTION_DAYS)),
            Duration.ofSeconds((Long) v.get(PURGE_INTERVAL_SECONDS)),
            (int) (long) (Long) v.get(PURGE_BATCH_SIZE),
            Duration.ofSeconds((Long) v.get(KEYS_RELOAD_SECONDS)),
            Duration.ofSeconds((Long) v.get(DIRECTORY_CACHE_SECONDS)),
            (Boolean) v.get(DB_NOTIFY),
            new io.jeton.core.browser.BrowserSessionPolicy(
                Duration.ofSeconds((Long) v.get(BROWSER_SESSION_IDLE_SECONDS)),
                Duration.ofSeconds((Long) v.get(BROWSER_SESSION_MAX_SECONDS))),
            (int) (long) (Long) v.get(VERIFIED_TOKENS)),
        new ServerConfig.Tls(asPath(v.get(TLS_CERT_FILE)), asPath(v.get(TLS_KEY_FILE)),
            ServerConfig.Tls.ClientAuth.valueOf(((String) v.get(TLS_CLIENT_AUTH)).trim().toUpperCase(Locale.ROOT)),
            asPath(v.get(TLS_CLIENT_CA_FILE)), (String) v.get(TLS_PROXY_CERT_HEADER),
            cidrs((String) v.get(TLS_TRUSTED_PROXIES))), (Boolean) v.get(DPOP_NONCE),
        Optional.of(((String) v.get(ADMIN_REALM)).trim()).filter(s -> !s.isEmpty()).map(RealmName::new));
  }

  /** The logging settings from one typed value per option; an unknown format is refused by the loader. */
  static LogSettings logSettings(Map<ConfigOption, Object> v) {
    return new LogSettings(LogSettings.Format.parse((String) v.get(LOG_FORMAT)).orElse(LogSettings.Format.TEXT),
        (Boolean) v.get(LOG_ACCESS));
  }

  /** The comma-separated list as its trimmed, non-empty items. */
  static List<String> cidrs(String list) {
    return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private static Optional<Path> asPath(Object o) {
    return o instanceof Path p ? Optional.of(p) : Optional.empty();
  }
}
