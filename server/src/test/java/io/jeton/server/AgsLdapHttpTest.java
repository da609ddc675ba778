package io.jeton.server;

import static io.jeton.server.DialectFixture.JSON_TYPE;
import static io.jeton.server.DialectFixture.assertAgsError;
import static io.jeton.server.DialectFixture.claims;
import static io.jeton.server.DialectFixture.ok;
import static io.jeton.server.DialectFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AGS with an {@code ldap} authentication service (SPEC 3.3, issue 3's acceptance) against
 * UnboundID's in-memory directory server, a real LDAP server in-process: discovery lists the
 * service, signon binds, refresh re-checks that the user is still in the directory.
 */
class AgsLdapHttpTest {
  private static final String PEOPLE = "ou=people,dc=example,dc=com";
  private static final String LDAP_SERVICE = "{\"id\":\"corp\",\"name\":\"Corporate directory\","
      + "\"parameters\":["
      + "{\"name\":\"username\",\"type\":\"string\",\"required\":true,\"secret\":false},"
      + "{\"name\":\"password\",\"type\":\"string\",\"required\":true,\"secret\":true}]}";
  private static InMemoryDirectoryServer ds;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    cfg.setSchema(null);
    ds = new InMemoryDirectoryServer(cfg);
    ds.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
    ds.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
    for (String[] u : new String[][] {{"bob", "1663"}, {"dave", "2001"}, {"erin", "3003"}}) {
      ds.add("dn: uid=" + u[0] + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + u[0], "cn: " + u[0],
          "sn: " + u[0], "userPassword: " + u[0] + "-pass", "employeeNumber: " + u[1]);
    }
    ds.startListening();
    node = TestNode.start(List.of(realm("corp", ds.getListenPort()), realm("down", closedPort())),
        Map.of("ags", DialectFixture.mount("ags", "/ags", "corp", DialectFixture.AGS_TENANT, "app")));
  }

  @AfterAll
  static void stop() {
    node.close();
    ds.shutDown(true);
  }

  /** A realm allowing local passwords and the directory at {@code port}, with a local user alice. */
  private static RealmImport realm(String name, int port) {
    AuthServiceRef ldap = new AuthServiceRef("corp", "ldap", Map.of("url", "ldap://127.0.0.1:" + port,
        "baseDn", PEOPLE, "attributes", "accountId=employeeNumber", "name", "Corporate directory"));
    // each realm hands app to AGS itself: 'down' is reached through the tenant header
    Realm realm = new Realm(RealmName.of(name), null, Optional.empty(), null, null, null, Duration.ZERO, null,
        List.of(AuthServiceRef.password("password"), ldap), 0, Map.of("ags", io.jeton.core.ClientId.of("app")), null);
    return new RealmImport(realm,
        List.of(new ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token"),
            Set.of("read"), Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(),
        Map.of("accountId", "42"))));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> signon(String tenant, String service, String user, String password) {
    return send(node, AgsHttpTest.signon(node, tenant, service,
        AgsHttpTest.params("username", user, "password",
        password)));
  }

  private static HttpResponse<String> refresh(String service, String token, String... params) {
    return send(node, AgsHttpTest.refresh(node, "corp", service, token, AgsHttpTest.params(params)));
  }

  private static JsonNode assertTokens(HttpResponse<String> r, String accountId) {
    long iat = claims(TestNode.json(r).get("access_token").textValue()).get("iat").longValue();
    return AgsHttpTest.assertTokens(r, accountId, iat + 2592000);
  }

  @Test
  void serviceDiscovery_realmWithLdap_listsBothServices() {
    HttpResponse<String> r = send(node, DialectFixture.request(node, AgsHttpTest.DISCOVERY).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(TestNode.json(r)).isEqualTo(TestNode.parse("{\"services\":[" + AgsHttpTest.PASSWORD_SERVICE
        + ","
        + LDAP_SERVICE + "]}"));
  }

  @Test
  void signon_directoryPassword_issuesTokensWithTheMappedAccountId() {
    JsonNode b = assertTokens(signon("corp", "corp", "bob", "bob-pass"), "1663");
    // the local password service does not know bob, and the directory does not know alice
    assertAgsError(signon("corp", "password", "bob", "bob-pass"), 401, "invalid_credentials",
        "invalid username or password");
    assertAgsError(signon("corp", "corp", "alice", "alice-pass"), 401, "invalid_credentials",
        "invalid username or password");
    assertTokens(signon("corp", "password", "alice", "alice-pass"), "42");
    assertThat(node.introspect("corp", b.get("access_token").textValue()).get("active").booleanValue())
        .isTrue();
  }

  @Test
  void signon_wrongDirectoryCredentials_isInvalidCredentials() {
    for (String[] c : new String[][] {{"bob", "wrong"}, {"nobody", "x"}, {"bob,ou=x", "x"}, {"*", "x"}}) {
      assertAgsError(signon("corp", "corp", c[0], c[1]), 401, "invalid_credentials",
          "invalid username or password");
    }
    assertAgsError(signon("corp", "corp", "bob", ""), 400, "invalid_parameters",
        "parameter 'password' is required by authentication service 'corp'");
  }

  @Test
  void refresh_userStillInTheDirectory_isRecheckedAndRotates() {
    JsonNode first = assertTokens(signon("corp", "corp", "dave", "dave-pass"), "2001");
    JsonNode second = AgsHttpTest.assertTokens(refresh("corp", first.get("refresh_token").textValue(),
        "username", "dave"),
        "2001", claims(first.get("access_token").textValue()).get("iat").longValue()
            + first.get("fixed_refresh_expires_in").longValue());
    assertAgsError(refresh("password", second.get("refresh_token").textValue()), 403, "user_mismatch",
        "the session was not created with authentication service 'password'");
    assertAgsError(refresh("corp", second.get("refresh_token").textValue(), "username", "bob"), 403,
        "user_mismatch",
        "username does not match the session's user");
    assertThat(refresh("corp", second.get("refresh_token").textValue()).statusCode()).isEqualTo(200);
  }

  @Test
  void refresh_userRemovedFromTheDirectory_isUserDisabled() throws Exception {
    JsonNode tokens = assertTokens(signon("corp", "corp", "erin", "erin-pass"), "3003");
    ds.delete("uid=erin," + PEOPLE);
    assertAgsError(refresh("corp", tokens.get("refresh_token").textValue(), "username", "erin"), 403,
        "user_disabled",
        "user no longer exists in the directory");
    assertAgsError(signon("corp", "corp", "erin", "erin-pass"), 401, "invalid_credentials",
        "invalid username or password");
  }

  @Test
  void signon_directoryUnreachable_isTemporarilyUnavailableWithRetryAfter() {
    HttpResponse<String> r = signon("down", "corp", "bob", "bob-pass");
    assertAgsError(r, 503, "temporarily_unavailable", "authentication service 'corp' is unreachable");
    assertThat(r.headers().allValues("Retry-After")).containsExactly("1");
  }
}
