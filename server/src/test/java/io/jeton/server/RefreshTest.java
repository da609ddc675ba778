package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.form;
import static io.jeton.server.TestNode.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refresh-token rotation over HTTP: one use, the grace window, and reuse detection per session. */
class RefreshTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> refresh(String realm, String token) {
    return node.post(realm, "token", "app", "app-secret", form("grant_type", "refresh_token", "refresh_token", token));
  }

  private static boolean active(String realm, String token) {
    return node.introspect(realm, token).get("active").asBoolean();
  }

  @Test
  void refresh_rotates_oldTokenIsUsed() {
    String rt1 = node.login("acme").get("refresh_token").asText();
    HttpResponse<String> r = refresh("acme", rt1);
    assertThat(r.statusCode()).isEqualTo(200);
    String rt2 = json(r).get("refresh_token").asText();
    assertThat(rt2).isNotEqualTo(rt1);
    assertThat(active("acme", rt1)).isFalse();
    assertThat(active("acme", rt2)).isTrue();
    String rt3 = json(refresh("acme", rt2)).get("refresh_token").asText();
    assertThat(rt3).isNotIn(rt1, rt2);
  }

  @Test
  void retryInsideGraceWindow_returnsTheSameNewRefreshToken() {
    String rt1 = node.login("acme").get("refresh_token").asText();
    JsonNode first = json(refresh("acme", rt1));
    HttpResponse<String> retry = refresh("acme", rt1);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    JsonNode second = json(retry);
    assertThat(second.get("refresh_token").asText()).isEqualTo(first.get("refresh_token").asText());
    assertThat(active("acme", second.get("access_token").asText())).isTrue();
    assertThat(active("acme", first.get("refresh_token").asText())).isTrue();
  }

  @Test
  void reuseAfterGraceWindow_isRejectedAndRevokesThatSessionOnly() throws Exception {
    JsonNode victim = node.login("grace");
    JsonNode bystander = node.login("grace");
    String rt1 = victim.get("refresh_token").asText();
    JsonNode rotated = json(refresh("grace", rt1));
    String rt2 = rotated.get("refresh_token").asText();
    Thread.sleep(1600);
    assertError(refresh("grace", rt1), 400, "invalid_grant", "refresh token has already been used");
    assertError(refresh("grace", rt2), 400, "invalid_grant", "refresh token has been revoked");
    assertThat(active("grace", victim.get("access_token").asText())).isFalse();
    assertThat(active("grace", rotated.get("access_token").asText())).isFalse();
    assertThat(active("grace", bystander.get("access_token").asText())).isTrue();
    HttpResponse<String> other = refresh("grace", bystander.get("refresh_token").asText());
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
  }

  @Test
  void refreshedAccessToken_keepsSessionAndScope() throws Exception {
    JsonNode login = node.post("acme", "token", "app", "app-secret", form("grant_type", "password", "username",
        "alice", "password", "alice-pass", "scope", "read")).body().transform(TestNode::parse);
    JsonNode next = json(node.post("acme", "token", "app", "app-secret", form("grant_type", "refresh_token",
        "refresh_token", login.get("refresh_token").asText())));
    assertThat(next.get("scope").asText()).isEqualTo("read");
    var a = com.nimbusds.jwt.SignedJWT.parse(login.get("access_token").asText()).getJWTClaimsSet();
    var b = com.nimbusds.jwt.SignedJWT.parse(next.get("access_token").asText()).getJWTClaimsSet();
    assertThat(b.getStringClaim("sid")).isEqualTo(a.getStringClaim("sid"));
    assertThat(b.getSubject()).isEqualTo(a.getSubject());
  }
}
