package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.json;
import static io.jeton.server.TestNode.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 8414 metadata at the three locations clients look. */
class MetadataTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void everyLocation_servesTheSameDocumentWithRealmIssuer() {
    String issuer = node.server.publicUrl() + "/realms/acme";
    JsonNode first = null;
    for (String path : List.of("/.well-known/oauth-authorization-server/realms/acme",
        "/realms/acme/.well-known/oauth-authorization-server", "/realms/acme/.well-known/openid-configuration")) {
      HttpResponse<String> r = node.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
      JsonNode b = json(r);
      assertThat(b.get("issuer").asText()).isEqualTo(issuer);
      if (first == null) {
        first = b;
      }
      assertThat(b).isEqualTo(first);
    }
    assertThat(keys(first)).isEqualTo(Set.of("issuer", "authorization_endpoint", "end_session_endpoint",
        "response_modes_supported", "code_challenge_methods_supported",
        "authorization_response_iss_parameter_supported", "token_endpoint", "introspection_endpoint",
        "revocation_endpoint", "jwks_uri", "grant_types_supported", "response_types_supported",
        "token_endpoint_auth_methods_supported", "introspection_endpoint_auth_methods_supported",
        "revocation_endpoint_auth_methods_supported", "token_endpoint_auth_signing_alg_values_supported",
        "introspection_endpoint_auth_signing_alg_values_supported",
        "revocation_endpoint_auth_signing_alg_values_supported", "dpop_signing_alg_values_supported"));
    assertThat(first.get("token_endpoint").asText()).isEqualTo(issuer + "/oauth2/token");
    assertThat(first.get("introspection_endpoint").asText()).isEqualTo(issuer + "/oauth2/introspect");
    assertThat(first.get("revocation_endpoint").asText()).isEqualTo(issuer + "/oauth2/revoke");
    assertThat(first.get("jwks_uri").asText()).isEqualTo(issuer + "/oauth2/jwks");
    assertThat(strings(first.get("grant_types_supported")))
        .containsExactly("authorization_code", "password", "refresh_token", "client_credentials");
    assertThat(strings(first.get("response_types_supported"))).containsExactly("code");
    assertThat(strings(first.get("code_challenge_methods_supported"))).containsExactly("S256");
    assertThat(first.get("authorization_endpoint").asText()).isEqualTo(issuer + "/oauth2/authorize");
    assertThat(first.get("end_session_endpoint").asText()).isEqualTo(issuer + "/oauth2/logout");
    assertThat(strings(first.get("token_endpoint_auth_methods_supported")))
        .containsExactly("client_secret_basic", "client_secret_post", "private_key_jwt");
    assertThat(strings(first.get("token_endpoint_auth_signing_alg_values_supported"))).containsExactly("RS256",
        "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519");
    // RFC 9449 section 5.1: asymmetric algorithms only
    assertThat(strings(first.get("dpop_signing_alg_values_supported"))).containsExactly("ES256", "ES384", "ES512",
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA", "Ed25519");
  }

  @Test
  void endpointsInMetadata_answer() {
    JsonNode m = json(node.get("/realms/acme/.well-known/openid-configuration"));
    String path = m.get("jwks_uri").asText().substring(node.server.publicUrl().length());
    assertThat(node.get(path).statusCode()).isEqualTo(200);
  }

  @Test
  void issuerMatchesTokenIssuer() throws Exception {
    String at = node.clientToken("rs").get("access_token").asText();
    JsonNode m = json(node.get("/.well-known/oauth-authorization-server/realms/rs"));
    assertThat(com.nimbusds.jwt.SignedJWT.parse(at).getJWTClaimsSet().getIssuer()).isEqualTo(m.get("issuer").asText());
  }

  @Test
  void unknownRealm_is404() {
    assertError(node.get("/.well-known/oauth-authorization-server/realms/nope"), 404, "invalid_request",
        "realm 'nope' does not exist");
    assertError(node.get("/realms/nope/.well-known/openid-configuration"), 404, "invalid_request",
        "realm 'nope' does not exist");
  }
}
