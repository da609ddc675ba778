package io.jeton.core.auth;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.jeton.core.UserId;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.error.OAuthError.Reason;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
 * that parallel first logins write the same row instead of colliding on the username. At most
 * {@code maxConnections} connections to the directory are open at once (default 16); a login that
 * cannot get one within {@link #CONNECTION_WAIT} is "temporarily unavailable".
 *
 * <p>Settings: {@code url} (ldap://host:port), {@code baseDn}, optional {@code userAttribute}
 * (default {@code uid}), {@code bindDn} and {@code bindPassword} for the refresh check (anonymous
 * otherwise), {@code attributes} as {@code jetonName=ldapAttribute,...}, {@code name},
 * {@code maxConnections}.
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
  private final Semaphore connections;

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
    this.connections = new Semaphore(maxConnections(s.get("maxConnections")), true);
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

  private LDAPConnection connect() throws LDAPException {
    LDAPConnectionOptions o = new LDAPConnectionOptions();
    o.setConnectTimeoutMillis(5000);
    o.setResponseTimeoutMillis(5000);
    return new LDAPConnection(o, url.getHost(), url.getPort());
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
    if (!acquire()) {
      return new Result.Failed(unavailable());
    }
    try (LDAPConnection c = connect()) {
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
      return new Result.Failed(unavailable());
    } finally {
      connections.release();
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

  private boolean acquire() {
    try {
      return connections.tryAcquire(CONNECTION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Optional<OAuthError> recheck(Realm realm, User user) {
    if (!acquire()) {
      return Optional.of(unavailable());
    }
    try (LDAPConnection c = connect()) {
      if (bindDn.isPresent()) {
        c.bind(bindDn.get(), bindPassword);
      }
      if (c.getEntry(userDn(user.username()), "1.1") == null) {
        return Optional.of(OAuthError.invalidGrant(Reason.USER_DISABLED, "user no longer exists in the directory"));
      }
      return Optional.empty();
    } catch (LDAPException e) {
      return Optional.of(unavailable());
    } finally {
      connections.release();
    }
  }

  private OAuthError unavailable() {
    return OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, Reason.OVERLOADED,
        "authentication service '" + id + "' is unreachable");
  }
}
