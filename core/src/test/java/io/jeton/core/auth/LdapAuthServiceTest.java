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

    @Override
    public boolean create(User user) {
      return byName.putIfAbsent(user.username(), user) == null;
    }

    @Override
    public java.util.List<User> list(RealmName realm, Optional<String> after, int limit) {
      return byName.values().stream().filter(u -> after.map(a -> u.username().compareTo(a) > 0).orElse(true))
          .sorted(java.util.Comparator.comparing(User::username)).limit(limit).toList();
    }

    @Override
    public boolean deleteWithSessions(RealmName realm, UserId id, java.time.Instant at, java.time.Instant until) {
      return delete(realm, id);
    }
  }

  /** A started directory on {@code cfg} holding {@code uid=bob,ou=people,dc=example,dc=com} (password bob-pass). */
  static InMemoryDirectoryServer withBob(InMemoryDirectoryServerConfig cfg) throws Exception {
    InMemoryDirectoryServer d = new InMemoryDirectoryServer(cfg);
    d.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
    d.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
    d.add("dn: uid=bob,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: bob", "cn: Bob",
        "sn: B", "userPassword: bob-pass");
    d.startListening();
    return d;
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
  void authenticate_directoryEntryNamedLikeALocalUserWithAPassword_isRefusedAndTheLocalUserUntouched()
      throws Exception {
    // review M6: the directory's uid=admin must not become the local admin (ADMIN role, customerId)
    User admin = new User(realm.name(), new UserId("local-admin"), "admin", Optional.of("$argon2id$local"), true,
        List.of("ADMIN"), Map.of("customerId", "root"));
    users.upsert(admin);
    ds.add("dn: uid=admin,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: admin", "cn: A",
        "sn: A", "userPassword: directory-pass");

    AuthService.Result r = service.authenticate(realm, Map.of("username", "admin", "password", "directory-pass"));

    assertThat(r).isInstanceOf(AuthService.Result.Failed.class);
    assertThat(((AuthService.Result.Failed) r).error().reason()).isEqualTo(Reason.BAD_USER_CREDENTIALS);
    assertThat(users.byName.get("admin")).isEqualTo(admin);
  }

  @Test
  void authenticate_importedUserWithoutPassword_isAdoptedWithItsRoles() {
    users.upsert(new User(realm.name(), new UserId("imported-bob"), "bob", Optional.empty(), true, List.of("OPS"),
        Map.of()));

    User bob = ((AuthService.Result.Authenticated) service.authenticate(realm,
        Map.of("username", "bob", "password", "bob-pass"))).user();

    assertThat(bob.id()).isEqualTo(new UserId("imported-bob"));
    assertThat(bob.roles()).containsExactly("OPS");
    assertThat(bob.attributes()).containsEntry("accountId", "1663");
  }

  @Test
  void authenticate_twentyParallelFirstLogins_allSucceedAsOneUser() throws Exception {
    UserStore unique = io.jeton.core.memory.InMemoryStores.create().users(); // refuses a second user named bob
    LdapAuthService fresh = new LdapAuthService(new AuthServiceRef("corp", "ldap", Map.of(
        "url", "ldap://127.0.0.1:" + ds.getListenPort(), "baseDn", "ou=people,dc=example,dc=com")), unique);
    List<java.util.concurrent.Future<AuthService.Result>> logins = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(20)) {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 20; i++) {
        logins.add(pool.submit(() -> {
          go.await();
          return fresh.authenticate(realm, Map.of("username", "bob", "password", "bob-pass"));
        }));
      }
      go.countDown();
    }
    java.util.Set<UserId> ids = new java.util.HashSet<>();
    for (var l : logins) {
      assertThat(l.get()).isInstanceOf(AuthService.Result.Authenticated.class);
      ids.add(((AuthService.Result.Authenticated) l.get()).user().id());
    }
    assertThat(ids).hasSize(1);
    assertThat(unique.findByUsername(realm.name(), "bob")).map(User::id).contains(ids.iterator().next());
  }

  @Test
  void authenticate_moreParallelLoginsThanTheDirectoryAccepts_waitForAConnectionInsteadOfFailing()
      throws Exception {
    // review M6: one new connection per login, unbounded; this directory accepts four at a time
    ds.shutDown(true);
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    cfg.setSchema(null);
    cfg.setMaxConnections(4); // headroom: the server frees a closed connection a moment after the client
    ds = withBob(cfg);
    LdapAuthService bounded = new LdapAuthService(new AuthServiceRef("corp", "ldap", Map.of(
        "url", "ldap://127.0.0.1:" + ds.getListenPort(), "baseDn", "ou=people,dc=example,dc=com",
        "maxConnections", "2")), users);
    List<java.util.concurrent.Future<AuthService.Result>> logins = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(24)) {
      for (int i = 0; i < 24; i++) {
        logins.add(pool.submit(() -> bounded.authenticate(realm, Map.of("username", "bob", "password", "bob-pass"))));
      }
    }
    for (var l : logins) {
      assertThat(l.get()).as(String.valueOf(l.get())).isInstanceOf(AuthService.Result.Authenticated.class);
    }
  }

  @Test
  void problem_maxConnectionsOutOfRange_isReported() {
    assertThat(AuthServices.problem(new AuthServiceRef("x", "ldap", Map.of("url", "ldap://h:389", "baseDn", "dc=x",
        "maxConnections", "0")))).get().asString().contains("maxConnections must be 1 to 1024");
  }

  @Test
  void problem_missingSettingsOrUnknownType_areReported() {
    assertThat(AuthServices.problem(new AuthServiceRef("x", "ldap", Map.of()))).get().asString().contains("url");
    assertThat(AuthServices.problem(new AuthServiceRef("x", "kerberos", Map.of()))).get().asString().contains("unknown type");
    assertThat(AuthServices.problem(AuthServiceRef.password("p"))).isEmpty();
  }
}
