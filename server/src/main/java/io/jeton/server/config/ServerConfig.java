package io.jeton.server.config;

import io.jeton.core.RealmName;
import io.jeton.core.user.PasswordHasher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's whole configuration, one immutable value loaded once (file, then environment, then
 * command-line flags) and validated before anything starts (STYLE.md section 7).
 *
 * @param host address to listen on
 * @param port TCP port; 0 picks a free one (tests)
 * @param publicUrl base URL clients use; realm issuers are {@code publicUrl/realms/{realm}}
 * @param dataDir where the embedded database and a generated demo master key live
 * @param dbUrl JDBC URL; empty means the embedded H2 file under {@code dataDir}
 * @param dbUser database user (PostgreSQL)
 * @param dbPassword database password (PostgreSQL)
 * @param dbPoolSize JDBC connection pool size
 * @param masterKey base64 of 32 bytes, from {@code JETON_MASTER_KEY}; empty to use {@code masterKeyFile}
 * @param masterKeyFile file holding the master key in base64
 * @param demo start with a demo realm and a generated master key (loud warning)
 * @param maxBodyBytes largest accepted request body
 * @param argon2 password hashing cost
 * @param hashThreads size of the password hashing pool; 0 for the default, bounded by cores and heap
 *     ({@link PasswordHasher#threadsFor})
 * @param revocationPoll how often to read other nodes' revocations
 * @param imports YAML files of realms to import at start
 * @param lifecycle staleness bound of the revocation view and the purge job's settings
 * @param tls the HTTPS listener and how client certificates reach the node (SPEC section 8)
 * @param dpopNonce whether DPoP proofs must carry a server nonce (RFC 9449 section 8)
 * @param adminRealm the realm whose {@code jeton:admin} access tokens may call the admin API
 *     (SPEC 11); empty: the admin API is off
 */
public record ServerConfig(
    String host,
    int port,
    String publicUrl,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Optional<String> masterKey,
    Optional<Path> masterKeyFile,
    boolean demo,
    int maxBodyBytes,
    PasswordHasher.Params argon2,
    int hashThreads,
    Duration revocationPoll,
    List<Path> imports,
    Lifecycle lifecycle,
    Tls tls,
    boolean dpopNonce,
    Optional<RealmName> adminRealm) {

  public static final int DEFAULT_PORT = 8080;

  /**
   * What keeps a node's state bounded and fresh (SPEC 4 and 7, review H4 and H5).
   *
   * @param revocationMaxStaleness longest time without a successful revocation poll before the
   *     node reports itself not ready
   * @param auditRetention how long audit events are kept
   * @param purgeInterval how often the purge job runs
   * @param purgeBatchSize most rows one purge statement deletes
   * @param keyReload how often to look for signing keys other nodes made, retired or deleted (SPEC 10)
   * @param directoryCache longest time a cached realm, client or user is served without a re-read
   *     (what brings another node's change in when a notice is lost)
   * @param changeNotices whether nodes on PostgreSQL tell each other of changes by {@code
   *     LISTEN/NOTIFY} ({@code db.notify}; docs/storage.md, "Change notices")
   * @param browserSessions idle and absolute lifetimes of browser sessions (SPEC 9)
   * @param verifiedTokens most access tokens a node remembers having signed or verified ({@code
   *     verifiedTokens}; core's {@code VerifiedTokens}, 24 bytes each)
   */
  public record Lifecycle(Duration revocationMaxStaleness, Duration auditRetention, Duration purgeInterval,
      int purgeBatchSize, Duration keyReload, Duration directoryCache, boolean changeNotices,
      io.jeton.core.browser.BrowserSessionPolicy browserSessions, int verifiedTokens) {
    public static final Duration DEFAULT_KEY_RELOAD = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DIRECTORY_CACHE = Duration.ofSeconds(5);
    public static final Lifecycle DEFAULTS =
        new Lifecycle(Duration.ofSeconds(5), Duration.ofDays(30), Duration.ofSeconds(60), 500, DEFAULT_KEY_RELOAD);

    public Lifecycle {
      Objects.requireNonNull(revocationMaxStaleness, "revocationMaxStaleness");
      Objects.requireNonNull(auditRetention, "auditRetention");
      Objects.requireNonNull(purgeInterval, "purgeInterval");
      keyReload = keyReload == null ? DEFAULT_KEY_RELOAD : keyReload;
      browserSessions = browserSessions == null ? io.jeton.core.browser.BrowserSessionPolicy.DEFAULTS
          : browserSessions;
      directoryCache = directoryCache == null ? DEFAULT_DIRECTORY_CACHE : directoryCache;
      if (verifiedTokens < 0) {
        throw new IllegalArgumentException("verifiedTokens must not be negative, got " + verifiedTokens);
      }
    }

    /** With the default number of remembered verified tokens. */
    public Lifecycle(Duration revocationMaxStaleness, Duration auditRetention, Duration purgeInterval,
        int purgeBatchSize, Duration keyReload, Duration directoryCache, boolean changeNotices,
        io.jeton.core.browser.BrowserSessionPolicy browserSessions) {
      this(revocationMaxStaleness, auditRetention, purgeInterval, purgeBatchSize, keyReload, directoryCache,
          changeNotices, browserSessions, io.jeton.core.EngineSettings.DEFAULT_VERIFIED_TOKENS);
    }

    /** With the default directory cache lifetime, change notices on, the default browser sessions. */
    public Lifecycle(Duration revocationMaxStaleness, Duration auditRetention, Duration purgeInterval,
        int purgeBatchSize, Duration keyReload) {
      this(revocationMaxStaleness, auditRetention, purgeInterval, purgeBatchSize, keyReload, DEFAULT_DIRECTORY_CACHE,
          true, io.jeton.core.browser.BrowserSessionPolicy.DEFAULTS);
    }

    /** The same with this directory cache lifetime. */
    public Lifecycle withDirectoryCache(Duration ttl) {
      return new Lifecycle(revocationMaxStaleness, auditRetention, purgeInterval, purgeBatchSize, keyReload, ttl,
          changeNotices, browserSessions, verifiedTokens);
    }

    /** The same with change notices on or off. */
    public Lifecycle withChangeNotices(boolean on) {
      return new Lifecycle(revocationMaxStaleness, auditRetention, purgeInterval, purgeBatchSize, keyReload,
          directoryCache, on, browserSessions, verifiedTokens);
    }

    /** The same with this many remembered verified tokens at most. */
    public Lifecycle withVerifiedTokens(int max) {
      return new Lifecycle(revocationMaxStaleness, auditRetention, purgeInterval, purgeBatchSize, keyReload,
          directoryCache, changeNotices, browserSessions, max);
    }

    /** With the default key reload interval. */
    public Lifecycle(Duration revocationMaxStaleness, Duration auditRetention, Duration purgeInterval,
        int purgeBatchSize) {
      this(revocationMaxStaleness, auditRetention, purgeInterval, purgeBatchSize, DEFAULT_KEY_RELOAD);
    }
  }

  /**
   * The HTTPS listener and client certificates (SPEC section 8, RFC 8705).
   *
   * @param certFile PEM certificate chain of the listener, leaf first; empty: plain HTTP
   * @param keyFile PKCS#8 PEM private key of the listener's certificate
   * @param clientAuth whether the listener asks for a client certificate: none, optional, required
   * @param clientCaFile PEM certificates of the CAs trusted for {@code tls_client_auth}
   * @param proxyCertHeader request header in which a trusted TLS-terminating proxy forwards the
   *     client's certificate (URL-encoded PEM); empty: none
   * @param trustedProxies CIDR blocks of the proxies whose {@code proxyCertHeader} is honoured
   */
  public record Tls(Optional<Path> certFile, Optional<Path> keyFile, ClientAuth clientAuth, Optional<Path> clientCaFile,
      String proxyCertHeader, List<String> trustedProxies) {
    /** Plain HTTP, no proxy header. */
    public static final Tls OFF = new Tls(Optional.empty(), Optional.empty(), ClientAuth.OPTIONAL, Optional.empty(), "",
        List.of());

    /** How the listener asks for client certificates. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    public Tls {
      certFile = certFile == null ? Optional.empty() : certFile;
      keyFile = keyFile == null ? Optional.empty() : keyFile;
      clientAuth = clientAuth == null ? ClientAuth.OPTIONAL : clientAuth;
      clientCaFile = clientCaFile == null ? Optional.empty() : clientCaFile;
      proxyCertHeader = proxyCertHeader == null ? "" : proxyCertHeader.trim();
      trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    /** Whether the listener speaks TLS. */
    public boolean enabled() {
      return certFile.isPresent();
    }

    /** Whether requests can carry a client certificate: through the handshake, or a trusted proxy. */
    public boolean clientCertificates() {
      return (enabled() && clientAuth != ClientAuth.NONE) || !proxyCertHeader.isEmpty();
    }
  }

  /** Every setting but the lifecycle ones, which take their defaults. */
  public ServerConfig(String host, int port, String publicUrl, Path dataDir, String dbUrl, String dbUser,
      String dbPassword, int dbPoolSize, Optional<String> masterKey, Optional<Path> masterKeyFile, boolean demo,
      int maxBodyBytes, PasswordHasher.Params argon2, int hashThreads, Duration revocationPoll, List<Path> imports) {
    this(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey, masterKeyFile, demo,
        maxBodyBytes, argon2, hashThreads, revocationPoll, imports, Lifecycle.DEFAULTS, Tls.OFF, false,
        Optional.empty());
  }

  /** Every setting but TLS and DPoP nonces, which are off. */
  public ServerConfig(String host, int port, String publicUrl, Path dataDir, String dbUrl, String dbUser,
      String dbPassword, int dbPoolSize, Optional<String> masterKey, Optional<Path> masterKeyFile, boolean demo,
      int maxBodyBytes, PasswordHasher.Params argon2, int hashThreads, Duration revocationPoll, List<Path> imports,
      Lifecycle lifecycle) {
    this(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey, masterKeyFile, demo,
        maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, Tls.OFF, false, Optional.empty());
  }

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    dbUrl = dbUrl == null ? "" : dbUrl;
    dbUser = dbUser == null ? "" : dbUser;
    dbPassword = dbPassword == null ? "" : dbPassword;
    masterKey = masterKey == null ? Optional.empty() : masterKey;
    masterKeyFile = masterKeyFile == null ? Optional.empty() : masterKeyFile;
    publicUrl = publicUrl == null ? "" : publicUrl;
    imports = imports == null ? List.of() : List.copyOf(imports);
    lifecycle = lifecycle == null ? Lifecycle.DEFAULTS : lifecycle;
    tls = tls == null ? Tls.OFF : tls;
    adminRealm = adminRealm == null ? Optional.empty() : adminRealm;
  }

  /** Every default: port 8080, ./data, embedded H2, Argon2id at 7 MiB and 5 passes, the default hash pool. */
  public static ServerConfig defaults() {
    return new ServerConfig("0.0.0.0", DEFAULT_PORT, "", Path.of("data"), "", "", "", 16, Optional.empty(),
        Optional.empty(), false, 65536, PasswordHasher.Params.DEFAULT, 0,
        Duration.ofMillis(250), List.of(), Lifecycle.DEFAULTS, Tls.OFF, false, Optional.empty());
  }

  public ServerConfig withLifecycle(Lifecycle l) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, l, tls, dpopNonce, adminRealm);
  }

  public ServerConfig withRevocationPoll(Duration every) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, every, imports, lifecycle, tls, dpopNonce, adminRealm);
  }

  public ServerConfig withDpopNonce(boolean required) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, tls, required,
        adminRealm);
  }

  /** The same with the admin API on for this realm's {@code jeton:admin} tokens, or off when empty. */
  public ServerConfig withAdminRealm(Optional<RealmName> realm) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, tls, dpopNonce,
        realm);
  }

  public ServerConfig withTls(Tls t) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, t, dpopNonce,
        adminRealm);
  }

  /** The public URL, defaulting to {@code http://localhost:{port}}, or {@code https://} with TLS on. */
  public String effectivePublicUrl(int boundPort) {
    return publicUrl.isEmpty() ? (tls.enabled() ? "https" : "http") + "://localhost:" + boundPort : publicUrl;
  }

  /** The JDBC URL, defaulting to the embedded H2 file under {@code dataDir}. */
  public String effectiveDbUrl() {
    return dbUrl.isEmpty() ? "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("jeton") : dbUrl;
  }

  /** The same with this base URL (nodes behind one load balancer share it, and so their issuers). */
  public ServerConfig withPublicUrl(String url) {
    return new ServerConfig(host, port, url, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, tls, dpopNonce,
        adminRealm);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, tls, dpopNonce,
        adminRealm);
  }

  public ServerConfig withDataDir(Path d) {
    return new ServerConfig(host, port, publicUrl, d, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, tls, dpopNonce,
        adminRealm);
  }

  public ServerConfig withDb(String url, String user, String password) {
    return new ServerConfig(host, port, publicUrl, dataDir, url, user, password, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports, lifecycle, tls, dpopNonce,
        adminRealm);
  }

  public ServerConfig withMasterKey(String base64) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize,
        Optional.of(base64), masterKeyFile, demo, maxBodyBytes, argon2, hashThreads, revocationPoll, imports,
        lifecycle, tls, dpopNonce, adminRealm);
  }

  public ServerConfig withArgon2(PasswordHasher.Params p) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, p, hashThreads, revocationPoll, imports, lifecycle, tls, dpopNonce,
        adminRealm);
  }

  public ServerConfig withHashThreads(int threads) {
    return new ServerConfig(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, masterKey,
        masterKeyFile, demo, maxBodyBytes, argon2, threads, revocationPoll, imports, lifecycle, tls, dpopNonce,
        adminRealm);
  }
}
