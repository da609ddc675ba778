package io.jeton.core.auth;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.jeton.core.UserId;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.error.OAuthError.Reason;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code ldap} service: a simple bind as the user's DN ({@code userAttribute=<username>,
 * baseDn}) with the given password, on the UnboundID LDAP SDK. A user who binds for the first time
 * gets a local user record (no password hash) so that sessions, roles and attributes work as for
 * local users; mapped directory attributes are copied at every login. On refresh the entry must
 * still exist in the directory.
 *
 * <p>Review M6: a local user with a password of its own is a different person from a directory
 * entry of the same name, so the directory login is refused rather than handed that user's roles
 * and attributes (a local user without a password, imported to give a directory user roles, is
 * adopted). A first login's local record gets an id derived from the service and the username, so
 * that parallel first logins write the same row instead of colliding on the username.
 *
 * <p>Connections come from one UnboundID {@link LDAPConnectionPool} per service, opened on first
 * use: at most {@code maxConnections} (default 16); a login that cannot get one within {@link
 * #CONNECTION_WAIT} is "temporarily unavailable". A user's bind runs on a pooled connection, which
 * is then bound back to the pool's own identity ({@code bindDn}, or anonymous) before reuse.
 *
 * <p>Transport (SPEC 8, review H1 and M6): {@code ldaps://} speaks TLS from the first byte, {@code
 * startTls: true} upgrades an {@code ldap://} connection with StartTLS before anything is sent;
 * either way the directory's certificate must chain to {@code caFile} (PEM; default: the JVM's
 * trusted CAs) and name the host. A cleartext {@code ldap://} URL is accepted only for a loopback
 * host or with {@code allowCleartext: true}.
 *
 * <p>Settings: {@code url} (ldap:// or ldaps://host:port), {@code baseDn}, optional {@code
 * userAttribute} (default {@code uid}), {@code bindDn} and {@code bindPassword} for the pool's
 * identity and the refresh check (anonymous otherwise), {@code attributes} as {@code
 * jetonName=ldapAttribute,...}, {@code name}, {@code maxConnections}, {@code startTls}, {@code
 * caFile}, {@code allowCleartext}.
 */
final class LdapAuthService implements AuthService {
  private final String id;
  private final String name;
  private final LDAPURL url;
  private final DN baseDn;
  private final String userAttribute;
  private final Optional<String> bindDn;
  private final String bindPassword;
  private final Map<String, String> attributeMap;
  private final UserStore users;
  private final int maxConnections;
  private final boolean startTls;
  private final Optional<Path> caFile;
  private final Object poolLock = new Object();
  private LDAPConnectionPool pool; // guarded by poolLock; opened on first use

  static final int DEFAULT_MAX_CONNECTIONS = 16;
  static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);

  LdapAuthService(AuthServiceRef ref, UserStore users) {
    this.id = ref.id();
    Map<String, String> s = ref.settings();
    this.name = s.getOrDefault("name", "Directory (LDAP)");
    try {
      this.url = new LDAPURL(require(s, "url"));
      this.baseDn = new DN(require(s, "baseDn"));
    } catch (LDAPException e) {
      throw new IllegalArgumentException("auth service '" + id + "': " + e.getMessage());
    }
    this.userAttribute = s.getOrDefault("userAttribute", "uid");
    this.bindDn = Optional.ofNullable(s.get("bindDn"));
    this.bindPassword = s.getOrDefault("bindPassword", "");
    this.attributeMap = parseMap(s.getOrDefault("attributes", ""));
    this.users = users;
    this.maxConnections = maxConnections(s.get("maxConnections"));
    this.startTls = flag(s, "startTls");
    this.caFile = Optional.ofNullable(s.get("caFile")).filter(f -> !f.isBlank()).map(Path::of);
    boolean ldaps = url.getScheme().equalsIgnoreCase("ldaps");
    if (ldaps && startTls) {
      throw new IllegalArgumentException("auth service '" + id + "': startTls is for ldap:// URLs; an ldaps:// URL"
          + " speaks TLS already");
    }
    if (!ldaps && !startTls && !flag(s, "allowCleartext") && !loopback(url.getHost())) {
      throw new IllegalArgumentException("auth service '" + id + "': " + url + " would send passwords in clear text:"
          + " use ldaps://, or startTls: true, or (on a network you trust) allowCleartext: true");
    }
  }

  private String require(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("auth service '" + id + "' of type ldap needs '" + key + "'");
    }
    return v;
  }

  private int maxConnections(String value) {
    if (value == null) {
      return DEFAULT_MAX_CONNECTIONS;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= 1024) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("auth service '" + id + "': maxConnections must be 1 to 1024, got '" + value
        + "'");
  }

  private boolean flag(Map<String, String> s, String key) {
    String v = s.getOrDefault(key, "false").trim();
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("auth service '" + id + "': " + key + " must be true or false, got '" + v
          + "'");
    }
    return v.equals("true");
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
  }

  private static Map<String, String> parseMap(String spec) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return m;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String type() {
    return "ldap";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<AuthParameter> parameters() {
    return List.of(AuthParameter.text("username"), AuthParameter.secret("password"));
  }

  private String userDn(String username) {
    return new DN(new RDN(userAttribute, username), baseDn).toString();
  }

  /** The service's pool, opened on first use (a directory that is down at start costs nothing until then). */
  private LDAPConnectionPool pool() throws LDAPException {
    synchronized (poolLock) {
      if (pool == null) {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setConnectTimeoutMillis(5000);
        o.setResponseTimeoutMillis(5000);
        boolean tls = startTls || url.getScheme().equalsIgnoreCase("ldaps");
        if (tls) {
          o.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
        }
        SSLUtil ssl = tls ? sslUtil() : null;
        SingleServerSet servers;
        PostConnectProcessor upgrade = null;
        try {
          servers = url.getScheme().equalsIgnoreCase("ldaps")
              ? new SingleServerSet(url.getHost(), url.getPort(), ssl.createSSLSocketFactory(), o)
              : new SingleServerSet(url.getHost(), url.getPort(), o);
          if (startTls) {
            upgrade = new StartTLSPostConnectProcessor(ssl.createSSLContext());
          }
        } catch (GeneralSecurityException e) {
          throw new LDAPException(ResultCode.LOCAL_ERROR, "TLS set-up for auth service '" + id + "' failed", e);
        }
        BindRequest identity = bindDn.isPresent() ? new SimpleBindRequest(bindDn.get(), bindPassword)
            : new SimpleBindRequest();
        LDAPConnectionPool p = new LDAPConnectionPool(servers, identity, 0, maxConnections, 1, upgrade, false);
        p.setCreateIfNecessary(true);
        p.setMaxWaitTimeMillis(CONNECTION_WAIT.toMillis());
        p.setConnectionPoolName("jeton-ldap-" + id);
        pool = p;
      }
      return pool;
    }
  }

  private SSLUtil sslUtil() throws LDAPException {
    if (caFile.isEmpty()) {
      return new SSLUtil(JVMDefaultTrustManager.getInstance());
    }
    try {
      return new SSLUtil(new PEMFileTrustManager(caFile.get().toFile()));
    } catch (KeyStoreException e) {
      throw new LDAPException(ResultCode.LOCAL_ERROR, "auth service '" + id + "': caFile " + caFile.get()
          + " is not a readable PEM file of certificates", e);
    }
  }

  @Override
  public void close() {
    synchronized (poolLock) {
      if (pool != null) {
        pool.close();
        pool = null;
      }
    }
  }

  @Override
  public Result authenticate(Realm realm, Map<String, String> parameters) {
    Optional<OAuthError> missing = AuthServices.missing(this, parameters);
    if (missing.isPresent()) {
      return new Result.Failed(missing.get());
    }
    String username = parameters.get("username");
    String password = parameters.get("password");
    Map<String, String> mapped = new HashMap<>();
    LDAPConnectionPool p;
    LDAPConnection c;
    try {
      p = pool();
      c = p.getConnection();
    } catch (LDAPException e) {
      return new Result.Failed(unavailable());
    }
    boolean defunct = false;
    try {
      // An empty password would be an unauthenticated bind, which succeeds: refused above.
      c.bind(userDn(username), password);
      if (!attributeMap.isEmpty()) {
        SearchResultEntry e = c.getEntry(userDn(username), attributeMap.values().toArray(String[]::new));
        if (e != null) {
          attributeMap.forEach((jeton, ldap) -> {
            String v = e.getAttributeValue(ldap);
            if (v != null) {
              mapped.put(jeton, v);
            }
          });
        }
      }
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.NO_SUCH_OBJECT
          || e.getResultCode() == ResultCode.INVALID_DN_SYNTAX) {
        return new Result.Failed(OAuthError.invalidGrant(Reason.BAD_USER_CREDENTIALS, "invalid username or password"));
      }
      defunct = !e.getResultCode().isConnectionUsable();
      return new Result.Failed(unavailable());
    } finally {
      release(p, c, defunct);
    }
    Optional<User> local = users.findByUsername(realm.name(), username);
    if (local.isPresent() && local.get().passwordHash().isPresent()) {
      // review M6: a local account with its own password is not this directory entry
      return new Result.Failed(OAuthError.invalidGrant(Reason.BAD_USER_CREDENTIALS, "invalid username or password"));
    }
    if (local.isPresent() && !local.get().enabled()) {
      return new Result.Failed(OAuthError.invalidGrant(Reason.USER_DISABLED, "user account is disabled"));
    }
    Map<String, String> attributes = new HashMap<>(local.map(User::attributes).orElse(Map.of()));
    attributes.putAll(mapped);
    User user = new User(realm.name(), local.map(User::id).orElseGet(() -> provisionedId(username)), username,
        Optional.empty(), true, local.map(User::roles).orElse(List.of()), attributes);
    if (local.isEmpty() || !local.get().equals(user)) {
      try {
        users.upsert(user);
      } catch (RuntimeException e) {
        // a parallel first login wrote the same record (same derived id) a moment earlier
        Optional<User> now = users.findByUsername(realm.name(), username);
        if (now.isEmpty() || !now.get().id().equals(user.id())) {
          throw e;
        }
        return new Result.Authenticated(now.get());
      }
    }
    return new Result.Authenticated(user);
  }

  /** The id of the local record of a directory user who never had one: the same on every node and every attempt. */
  private UserId provisionedId(String username) {
    return new UserId(UUID.nameUUIDFromBytes(("ldap\u0000" + id + "\u0000" + username)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
  }

  /** Back to the pool, bound again as the pool's own identity; a broken connection is closed instead. */
  private static void release(LDAPConnectionPool p, LDAPConnection c, boolean defunct) {
    if (defunct) {
      p.releaseDefunctConnection(c);
    } else {
      p.releaseAndReAuthenticateConnection(c);
    }
  }

  @Override
  public Optional<OAuthError> recheck(Realm realm, User user) {
    try {
      // the pool's connections are bound as bindDn (or anonymous): the lookup runs as that identity
      if (pool().getEntry(userDn(user.username()), "1.1") == null) {
        return Optional.of(OAuthError.invalidGrant(Reason.USER_DISABLED, "user no longer exists in the directory"));
      }
      return Optional.empty();
    } catch (LDAPException e) {
      return Optional.of(unavailable());
    }
  }

  private OAuthError unavailable() {
    return OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, Reason.OVERLOADED,
        "authentication service '" + id + "' is unreachable");
  }
}
