package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7009 revocation over HTTP. */
class RevocationTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static boolean active(String token) {
    return node.introspect("acme", token).get("active").asBoolean();
  }

  @Test
  void unknownToken_is200WithEmptyBody() {
    HttpResponse<String> r = node.post("acme", "revoke", "app", "app-secret", form("token", "never-issued"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.headers().firstValue("Pragma")).as("beside no-store, review L1").contains("no-cache");
  }

  @Test
  void accessToken_becomesInactive_othersStayActive() {
    String revoked = node.clientToken("acme").get("access_token").asText();
    String kept = node.clientToken("acme").get("access_token").asText();
    HttpResponse<String> r = node.post("acme", "revoke", "app", "app-secret",
        form("token", revoked, "token_type_hint", "access_token"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(active(revoked)).isFalse();
    assertThat(active(kept)).isTrue();
  }

  @Test
  void refreshToken_revokesItsSessionsAccessTokensOnly() {
    JsonNode session = node.login("acme");
    JsonNode otherSession = node.login("acme");
    String rt = session.get("refresh_token").asText();
    assertThat(node.post("acme", "revoke", "app", "app-secret", form("token", rt, "token_type_hint", "refresh_token"))
        .statusCode()).isEqualTo(200);
    assertThat(active(rt)).isFalse();
    assertThat(active(session.get("access_token").asText())).isFalse();
    assertError(node.post("acme", "token", "app", "app-secret", form("grant_type", "refresh_token",
        "refresh_token", rt)), 400, "invalid_grant", "refresh token has been revoked");
    assertThat(active(otherSession.get("access_token").asText())).isTrue();
    assertThat(active(otherSession.get("refresh_token").asText())).isTrue();
  }

  @Test
  void unknownTokenTypeHint_isIgnored() {
    String at = node.clientToken("acme").get("access_token").asText();
    assertThat(node.post("acme", "revoke", "app", "app-secret", form("token", at, "token_type_hint", "weird"))
        .statusCode()).isEqualTo(200);
    assertThat(active(at)).isFalse();
  }

  @Test
  void tokenOfAnotherClient_isUnauthorizedClientAndStaysActive() {
    String at = node.clientToken("acme").get("access_token").asText();
    assertError(node.post("acme", "revoke", "other", "other-secret", form("token", at)), 400, "unauthorized_client",
        "the token was issued to another client");
    assertThat(active(at)).isTrue();
  }

  @Test
  void tokenRewrittenToNameTheCaller_revokesNothing() {
    // client 'other' takes app's token and rewrites client_id: signature and jti seal no longer
    // match, so the revocation must neither succeed nor touch app's token
    String at = node.clientToken("acme").get("access_token").asText();
    String[] p = at.split("\\.");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(p[1]), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"client_id\":\"app\"", "\"client_id\":\"other\"");
    assertThat(payload).contains("\"client_id\":\"other\"");
    String forged = p[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + p[2];
    HttpResponse<String> r = node.post("acme", "revoke", "other", "other-secret", form("token", forged));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(active(at)).isTrue();
    assertThat(active(forged)).isFalse();
  }

  @Test
  void missingToken_isInvalidRequest() {
    assertError(node.post("acme", "revoke", "app", "app-secret", form("token_type_hint", "access_token")), 400,
        "invalid_request", "missing parameter 'token'");
  }

  @Test
  void badClient_isInvalidClient() {
    HttpResponse<String> r = node.post("acme", "revoke", "app", "nope", form("token", "x"));
    assertError(r, 401, "invalid_client", "client authentication failed");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"acme\"");
  }
}
