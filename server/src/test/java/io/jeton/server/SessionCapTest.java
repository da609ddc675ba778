package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC 7 session cap over HTTP: in a realm with {@code maxSessionsPerUser: 2}, a user's third login
 * revokes the oldest session, whose refresh and access tokens then stop working like any revoked
 * session's, on every node (a revocation entry is stored), and the revocation is audited.
 */
class SessionCapTest {
  private static final String REALM = "capped";
  private static TestNode node;

  @BeforeAll
  static void start() {
    Realm capped = Realm.withDefaults(RealmName.of(REALM)).withMaxSessionsPerUser(2);
    Set<String> grants = Set.of("password", "refresh_token");
    node = TestNode.start(List.of(new RealmImport(capped,
        List.of(new ClientImport("app", Optional.of("app-secret"), grants, Set.of("read"), Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()),
            new UserImport("bob", Optional.of("bob-pass"), true, List.of(), Map.of())))), Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonNode login(String user) {
    var r = node.post(REALM, "token", "app", "app-secret",
        form("grant_type", "password", "username", user, "password", user + "-pass"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestNode.json(r);
  }

  private static boolean active(String token) {
    return node.introspect(REALM, token).get("active").asBoolean();
  }

  private static String sid(JsonNode login) {
    return node.introspect(REALM, login.get("access_token").asText()).get("sid").asText();
  }

  @Test
  void login_beyondCap_revokesTheOldestSessionsRefreshAndAccessTokens() {
    JsonNode oldest = login("alice");
    JsonNode bobs = login("bob");
    JsonNode second = login("alice");
    String oldestSid = sid(oldest);

    JsonNode third = login("alice");

    assertThat(active(oldest.get("access_token").asText())).isFalse();
    assertError(node.post(REALM, "token", "app", "app-secret", form("grant_type", "refresh_token",
        "refresh_token", oldest.get("refresh_token").asText())), 400, "invalid_grant", "refresh token has been revoked");
    for (JsonNode kept : List.of(second, third, bobs)) {
      assertThat(active(kept.get("access_token").asText())).isTrue();
    }
    var refreshed = node.post(REALM, "token", "app", "app-secret", form("grant_type", "refresh_token",
        "refresh_token", second.get("refresh_token").asText()));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    assertThat(node.server.database().stores().revocations().since(0, 10_000)).anySatisfy(e -> {
      assertThat(e.realm().value()).isEqualTo(REALM);
      assertThat(e.kind()).isEqualTo(RevocationEntry.Kind.SESSION);
      assertThat(e.value()).isEqualTo(oldestSid);
    });
    node.server.engine().flushAudit();
    assertThat(node.server.database().stores().audit().recent(REALM, 100))
        .filteredOn(e -> e.type() == AuditType.REVOKE).extracting(AuditEvent::sessionId).containsExactly(oldestSid);
  }
}
