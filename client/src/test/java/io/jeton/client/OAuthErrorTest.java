package io.jeton.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** OAuthError parsed from the answers a real Jeton sends, and from answers that are not OAuth errors. */
class OAuthErrorTest {
  private final JetonNode node = JetonNode.shared();

  private OAuthError parse(HttpResponse<String> r) {
    return OAuthError.fromResponse(r.statusCode(), r.body());
  }

  @Test
  void unsupportedGrantType_hasJetonsCodeDescriptionAndStatus() {
    HttpResponse<String> r = node.post(node.issuer("sdk") + "/oauth2/token", "app", "app-secret",
        "grant_type", "urn:example:nothing");
    OAuthError e = parse(r);
    assertThat(e.error()).isEqualTo("unsupported_grant_type");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.description()).isEqualTo(java.util.Optional.ofNullable(
        (String) JetonNode.json(r.body()).get("error_description")));
    assertThat(e.description()).isPresent();
    assertThat(e.getMessage()).startsWith("unsupported_grant_type: ").endsWith("(HTTP 400)");
  }

  @Test
  void noClientAuthentication_isInvalidClient401() {
    OAuthError e = parse(node.post(node.issuer("sdk") + "/oauth2/introspect", null, null, "token", "x"));
    assertThat(e.error()).isEqualTo("invalid_client");
    assertThat(e.status()).isEqualTo(401);
  }

  @Test
  void unknownRealm_isInvalidRequest404WithTheRealmsName() {
    OAuthError e = parse(node.post(node.base + "/realms/nope/oauth2/token", "app", "app-secret",
        "grant_type", "client_credentials"));
    assertThat(e.error()).isEqualTo("invalid_request");
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.description()).contains("realm 'nope' does not exist");
  }

  @Test
  void bodyThatIsNotAnOAuthError_getsACodeFromTheStatus() {
    assertThat(OAuthError.fromResponse(502, "<html>Bad gateway</html>").error()).isEqualTo("server_error");
    assertThat(OAuthError.fromResponse(502, "<html>Bad gateway</html>").description())
        .contains("HTTP 502 without an OAuth error body");
    assertThat(OAuthError.fromResponse(403, "{\"message\":\"no\"}").error()).isEqualTo("invalid_request");
    assertThat(OAuthError.fromResponse(400, null).status()).isEqualTo(400);
  }

  @Test
  void longDescription_isCut() {
    OAuthError e = OAuthError.fromResponse(400, "{\"error\":\"invalid_request\",\"error_description\":\""
        + "x".repeat(5000) + "\"}");
    assertThat(e.description()).hasValueSatisfying(d -> assertThat(d).hasSize(OAuthError.MAX_DESCRIPTION));
  }
}
