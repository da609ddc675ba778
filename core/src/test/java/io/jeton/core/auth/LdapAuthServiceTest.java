package io.jeton.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError.Reason;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against UnboundID's in-memory directory server: a real LDAP server, in-process. */
class LdapAuthServiceTest {
  private InMemoryDirectoryServer ds;
  private final Users users = new Users();
  private final Realm realm = Realm.withDefaults(RealmName.of("corp"));
  private LdapAuthService service;

  static final class Users implements UserStore {
    final Map<String, User> byName = new ConcurrentHashMap<>();

    @Override
    public Optional<User> findByUsername(RealmName realm, String username) {
      return Optional.ofNullable(byName.get(username));
    }

    @Override
    public Optional<User> findById(RealmName realm, UserId id) {
      return byName.values().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    @Override
    public void upsert(User user) {
      byName.put(user.username(), user);
    }

    @Override
    public boolean delete(RealmName realm, UserId id) {
      return byName.values().removeIf(u -> u.id().equals(id));
    }
  }

  @BeforeEach
  void start() throws Exception {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    cfg.setSchema(null);
    ds = new InMemoryDirectoryServer(cfg);
    ds.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
    ds.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
    ds.add("dn: uid=bob,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: bob", "cn: Bob",
        "sn: B", "userPassword: bob-pass", "employeeNumber: 1663");
    ds.startListening();
    service = new LdapAuthService(new AuthServiceRef("corp", "ldap", Map.of(
        "url", "ldap://127.0.0.1:" + ds.getListenPort(), "baseDn", "ou=people,dc=example,dc=com",
        "attributes", "accountId=employeeNumber")), users);
  }

  @AfterEach
  void stop() {
    ds.shutDown(true);
  }

  @Test
  void authenticate_rightPassword_provisionsLocalUserWithMappedAttributes() {
    AuthService.Result r = service.authenticate(realm, Map.of("username", "bob", "password", "bob-pass"));
    assertThat(r).isInstanceOf(AuthService.Result.Authenticated.class);
    User bob = ((AuthService.Result.Authenticated) r).user();
    assertThat(bob.username()).isEqualTo("bob");
    assertThat(bob.attributes()).containsEntry("accountId", "1663");
    assertThat(users.byName).containsKey("bob");
    // a second login keeps the same local id
    User again = ((AuthService.Result.Authenticated) service.authenticate(realm,
        Map.of("username", "bob", "password", "bob-pass"))).user();
    assertThat(again.id()).isEqualTo(bob.id());
  }

  @Test
  void authenticate_wrongPasswordOrUnknownUser_isInvalidGrant() {
    for (Map<String, String> p : List.of(Map.of("username", "bob", "password", "nope"),
        Map.of("username", "nobody", "password", "x"), Map.of("username", "bob,ou=x", "password", "x"),
        Map.of("username", "*", "password", "x"))) {
      AuthService.Result r = service.authenticate(realm, p);
      assertThat(r).as(p.toString()).isInstanceOf(AuthService.Result.Failed.class);
      assertThat(((AuthService.Result.Failed) r).error().reason()).isEqualTo(Reason.BAD_USER_CREDENTIALS);
    }
  }

  @Test
  void authenticate_emptyPassword_isRefusedNotAnUnauthenticatedBind() {
    AuthService.Result r = service.authenticate(realm, Map.of("username", "bob", "password", ""));
    assertThat(((AuthService.Result.Failed) r).error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void recheck_userRemovedFromDirectory_isRefused() throws Exception {
    User bob = ((AuthService.Result.Authenticated) service.authenticate(realm,
        Map.of("username", "bob", "password", "bob-pass"))).user();
    assertThat(service.recheck(realm, bob)).isEmpty();
    ds.delete("uid=bob,ou=people,dc=example,dc=com");
    assertThat(service.recheck(realm, bob)).get().extracting(e -> e.reason()).isEqualTo(Reason.USER_DISABLED);
  }

  @Test
  void directoryDown_isTemporarilyUnavailableNotAnException() {
    ds.shutDown(true);
    AuthService.Result r = service.authenticate(realm, Map.of("username", "bob", "password", "bob-pass"));
    assertThat(((AuthService.Result.Failed) r).error().code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
  }

  @Test
  void problem_missingSettingsOrUnknownType_areReported() {
    assertThat(AuthServices.problem(new AuthServiceRef("x", "ldap", Map.of()))).get().asString().contains("url");
    assertThat(AuthServices.problem(new AuthServiceRef("x", "kerberos", Map.of()))).get().asString().contains("unknown type");
    assertThat(AuthServices.problem(AuthServiceRef.password("p"))).isEmpty();
  }
}
