package io.jeton.dialect.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.ClientId;
import io.jeton.core.SessionId;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.introspect.Introspection;
import io.jeton.core.token.AccessClaims;
import io.jeton.dialect.wire.WireResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenderingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant IAT = Instant.ofEpochSecond(1_700_000_000);

  private static AccessClaims claims(Optional<SessionId> sid, List<String> scope) {
    return new AccessClaims("http://h/realms/acme", "user-1", List.of("api"), IAT.plusSeconds(300), IAT, "jti-1",
        new ClientId("app"), scope, sid);
  }

  private static JsonNode body(WireResponse r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void token_withRefresh_hasRfc6749Shape() throws Exception {
    WireResponse r = TokenResponse.render(new IssuedTokens("at", claims(Optional.of(new SessionId("s1")),
        List.of("a", "b")), Optional.of("rt"), Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).isEqualTo(WireResponse.NO_STORE_JSON);
    assertThat(body(r)).isEqualTo(JSON.readTree(
        "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"rt\",\"scope\":\"a b\"}"));
  }

  @Test
  void token_withoutRefreshOrScope_omitsThem() throws Exception {
    WireResponse r = TokenResponse.render(new IssuedTokens("at", claims(Optional.empty(), List.of()), null, null,
        null, null));
    assertThat(body(r)).isEqualTo(JSON.readTree("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
  }

  @Test
  void introspection_inactive_isExactlyActiveFalse() {
    WireResponse r = IntrospectionResponse.render(Introspection.INACTIVE, "acme");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"active\":false}");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void introspection_senderConstrainedTokens_showCnfAndDPoPTokenType() throws Exception {
    AccessClaims c = claims(Optional.empty(), List.of());
    JsonNode cert = body(IntrospectionResponse.render(new Introspection.Active(
        c.withConfirmation(io.jeton.core.token.Confirmation.certificate("x5t")), "access_token", Optional.empty()),
        "acme"));
    assertThat(cert.get("cnf").toString()).isEqualTo("{\"x5t#S256\":\"x5t\"}");
    assertThat(cert.get("token_type").asText()).isEqualTo("Bearer");
    JsonNode dpop = body(IntrospectionResponse.render(new Introspection.Active(
        c.withConfirmation(io.jeton.core.token.Confirmation.dpopKey("jkt")), "access_token", Optional.empty()),
        "acme"));
    assertThat(dpop.get("cnf").toString()).isEqualTo("{\"jkt\":\"jkt\"}");
    assertThat(dpop.get("token_type").asText()).isEqualTo("DPoP");
    assertThat(body(IntrospectionResponse.render(new Introspection.Active(c, "access_token", Optional.empty()),
        "acme")).has("cnf")).isFalse();
  }

  @Test
  void introspection_activeAccessToken_hasEveryClaim() throws Exception {
    WireResponse r = IntrospectionResponse.render(new Introspection.Active(
        claims(Optional.of(new SessionId("s1")), List.of("a")), "access_token", Optional.empty()), "acme");
    assertThat(body(r)).isEqualTo(JSON.readTree("{\"active\":true,\"scope\":\"a\",\"client_id\":\"app\","
        + "\"token_type\":\"Bearer\",\"exp\":1700000300,\"iat\":1700000000,\"sub\":\"user-1\",\"aud\":\"api\","
        + "\"iss\":\"http://h/realms/acme\",\"jti\":\"jti-1\",\"sid\":\"s1\"}"));
  }

  @Test
  void introspection_activeRefreshToken_hasNoTokenType() throws Exception {
    WireResponse r = IntrospectionResponse.render(new Introspection.Active(
        claims(Optional.of(new SessionId("s1")), List.of()), "refresh_token", Optional.of("alice")), "acme");
    JsonNode b = body(r);
    assertThat(b.has("token_type")).isFalse();
    assertThat(b.has("scope")).isFalse();
    assertThat(b.get("username").asText()).isEqualTo("alice");
  }

  @Test
  void error_invalidClient_has401AndWwwAuthenticate() throws Exception {
    WireResponse r = ErrorResponse.render(OAuthError.invalidClient("client authentication failed"), "acme");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers()).isEqualTo(Map.of("Content-Type", "application/json", "Cache-Control", "no-store",
        "Pragma", "no-cache", "WWW-Authenticate", "Basic realm=\"acme\""));
    assertThat(body(r)).isEqualTo(JSON.readTree(
        "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}"));
  }

  @Test
  void error_invalidGrant_has400AndNoChallenge() throws Exception {
    WireResponse r = ErrorResponse.render(OAuthError.invalidGrant(OAuthError.Reason.UNKNOWN_TOKEN, "bad"), "acme");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("WWW-Authenticate")).isNull();
    assertThat(body(r)).isEqualTo(JSON.readTree("{\"error\":\"invalid_grant\",\"error_description\":\"bad\"}"));
  }

  @Test
  void error_descriptionWithQuotes_isEscapedJson() throws Exception {
    WireResponse r = ErrorResponse.render(OAuthError.of(ErrorCode.INVALID_SCOPE, "scope '\"x\\' no"), "acme");
    assertThat(body(r).get("error_description").asText()).isEqualTo("scope '\"x\\' no");
  }

  @Test
  void error_specialResponses_haveRfcBodies() throws Exception {
    assertThat(ErrorResponse.unknownRealm("nope").status()).isEqualTo(404);
    assertThat(body(ErrorResponse.unknownRealm("nope"))).isEqualTo(JSON.readTree(
        "{\"error\":\"invalid_request\",\"error_description\":\"realm 'nope' does not exist\"}"));
    WireResponse m = ErrorResponse.methodNotAllowed("GET", "POST");
    assertThat(m.status()).isEqualTo(405);
    assertThat(m.header("Allow")).isEqualTo("POST");
    WireResponse big = ErrorResponse.payloadTooLarge(100);
    assertThat(big.status()).isEqualTo(413);
    assertThat(body(big)).isEqualTo(JSON.readTree(
        "{\"error\":\"invalid_request\",\"error_description\":\"the request body is larger than 100 bytes\"}"));
    assertThat(body(ErrorResponse.serverError("c-1"))).isEqualTo(JSON.readTree(
        "{\"error\":\"server_error\",\"error_description\":\"an unexpected error occurred (correlation id c-1)\"}"));
  }

  @Test
  void metadata_listsEndpointsUnderIssuer() throws Exception {
    JsonNode b = body(AuthorizationServerMetadata.render("http://h/realms/acme"));
    assertThat(b.get("issuer").asText()).isEqualTo("http://h/realms/acme");
    assertThat(b.get("token_endpoint").asText()).isEqualTo("http://h/realms/acme/oauth2/token");
    assertThat(b.get("jwks_uri").asText()).isEqualTo("http://h/realms/acme/oauth2/jwks");
    assertThat(b.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
    assertThat(b.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(b.get("authorization_endpoint").asText()).isEqualTo("http://h/realms/acme/oauth2/authorize");
  }
}
