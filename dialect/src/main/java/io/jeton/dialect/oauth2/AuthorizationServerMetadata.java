package io.jeton.dialect.oauth2;

import io.jeton.core.client.ClientCredentials;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;
import java.util.List;
import java.util.Map;

/**
 * RFC 8414 section 2 authorization server metadata for one realm. Lists only what is
 * implemented; the authorization endpoint and its parameters are SPEC 9's.
 */
final class AuthorizationServerMetadata {
  static final List<String> GRANT_TYPES = List.of("authorization_code", "password", "refresh_token",
      "client_credentials");
  static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post", "private_key_jwt");
  /** RFC 8414 section 2: the algorithms a {@code private_key_jwt} assertion may be signed with. */
  static final List<String> AUTH_SIGNING_ALGS = ClientCredentials.ASSERTION_SIGNING_ALGORITHMS;

  private AuthorizationServerMetadata() {}

  static WireResponse render(String issuer) {
    return render(issuer, AUTH_METHODS, List.of());
  }

  /**
   * @param authMethods every client authentication method the node supports; with a certificate
   *     method among them the tokens are certificate-bound too (RFC 8705 section 3.3, {@code
   *     tls_client_certificate_bound_access_tokens})
   * @param dpopAlgs the DPoP proof algorithms, {@code dpop_signing_alg_values_supported} (RFC 9449
   *     section 5.1) when not empty
   */
  static WireResponse render(String issuer, List<String> authMethods, List<String> dpopAlgs) {
    byte[] body = Json.object(g -> {
      g.writeStringField("issuer", issuer);
      g.writeStringField("authorization_endpoint", issuer + "/oauth2/authorize");
      g.writeStringField("token_endpoint", issuer + "/oauth2/token");
      g.writeStringField("introspection_endpoint", issuer + "/oauth2/introspect");
      g.writeStringField("revocation_endpoint", issuer + "/oauth2/revoke");
      g.writeStringField("jwks_uri", issuer + "/oauth2/jwks");
      g.writeStringField("end_session_endpoint", issuer + "/oauth2/logout");
      array(g, "grant_types_supported", GRANT_TYPES);
      array(g, "response_types_supported", List.of("code"));
      array(g, "response_modes_supported", List.of("query"));
      array(g, "code_challenge_methods_supported", List.of("S256"));
      // RFC 9207 section 3: the authorization response carries iss
      g.writeBooleanField("authorization_response_iss_parameter_supported", true);
      array(g, "token_endpoint_auth_methods_supported", authMethods);
      array(g, "token_endpoint_auth_signing_alg_values_supported", AUTH_SIGNING_ALGS);
      array(g, "introspection_endpoint_auth_methods_supported", authMethods);
      array(g, "introspection_endpoint_auth_signing_alg_values_supported", AUTH_SIGNING_ALGS);
      array(g, "revocation_endpoint_auth_methods_supported", authMethods);
      array(g, "revocation_endpoint_auth_signing_alg_values_supported", AUTH_SIGNING_ALGS);
      if (authMethods.contains("tls_client_auth") || authMethods.contains("self_signed_tls_client_auth")) {
        g.writeBooleanField("tls_client_certificate_bound_access_tokens", true);
      }
      if (!dpopAlgs.isEmpty()) {
        array(g, "dpop_signing_alg_values_supported", dpopAlgs);
      }
    });
    return new WireResponse(200, Map.of("Content-Type", "application/json", "Cache-Control", "public, max-age=60"),
        body);
  }

  private static void array(com.fasterxml.jackson.core.JsonGenerator g, String name, List<String> values)
      throws java.io.IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
