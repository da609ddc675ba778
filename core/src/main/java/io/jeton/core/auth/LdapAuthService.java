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
 * <p>Settings: {@code url} (ldap://host:port), {@code baseDn}, optional {@code userAttribute}
 * (default {@code uid}), {@code bindDn} and {@code bindPassword} for the refresh check (anonymous
 * otherwise), {@code attributes} as {@code jetonName=ldapAttribute,...}, {@code name}.
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
  }

  private String require(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("auth service '" + id + "' of type ldap needs '" + key + "'");
    }
    return v;
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
    }
    Optional<User> local = users.findByUsername(realm.name(), username);
    if (local.isPresent() && !local.get().enabled()) {
      return new Result.Failed(OAuthError.invalidGrant(Reason.USER_DISABLED, "user account is disabled"));
    }
    Map<String, String> attributes = new HashMap<>(local.map(User::attributes).orElse(Map.of()));
    attributes.putAll(mapped);
    User user = new User(realm.name(), local.map(User::id).orElseGet(() -> new UserId(UUID.randomUUID().toString())),
        username, local.flatMap(User::passwordHash), true, local.map(User::roles).orElse(List.of()), attributes);
    if (local.isEmpty() || !local.get().equals(user)) {
      users.upsert(user);
    }
    return new Result.Authenticated(user);
  }

  @Override
  public Optional<OAuthError> recheck(Realm realm, User user) {
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
    }
  }

  private OAuthError unavailable() {
    return OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, Reason.OVERLOADED,
        "authentication service '" + id + "' is unreachable");
  }
}
