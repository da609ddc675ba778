package io.jeton.dialect.oauth2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.ClientId;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.BasicCredentials;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireHeaders;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads what a request presents to authenticate its client, RFC 6749 section 2.3.1: HTTP Basic
 * ({@code client_secret_basic}), form fields ({@code client_secret_post}), a JWT client assertion
 * ({@code private_key_jwt}, RFC 7523 section 2.2), or a bare {@code client_id} (a public client).
 * Only reads: {@code Engine.authenticateClient} decides.
 */
final class ClientAuth {
  private ClientAuth() {}

  /** RFC 7523 section 2.2: the one {@code client_assertion_type} Jeton knows. */
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private static final ObjectMapper JSON = new ObjectMapper();

  static Parsed<ClientCredentials> parse(WireHeaders headers, FormBody form) {
    int n = headers.count("Authorization");
    if (form.has("client_assertion") || form.has("client_assertion_type")) {
      if (n > 0 || form.has("client_secret")) {
        return Parsed.bad(OAuthError.invalidRequest(
            "the client used more than one authentication method (client_assertion and a secret)"));
      }
      return assertion(form);
    }
    if (n > 1) {
      return Parsed.bad(OAuthError.invalidRequest("the Authorization header is included more than once"));
    }
    if (n == 1) {
      return basic(headers.first("Authorization").orElse(""), form);
    }
    Optional<String> id = form.get("client_id");
    if (id.isEmpty()) {
      return Parsed.bad(OAuthError.invalidClient("client authentication is required (HTTP Basic or client_id)"));
    }
    Optional<String> secret = form.get("client_secret");
    return credentials(id.get(), secret,
        secret.isPresent() ? ClientCredentials.Method.CLIENT_SECRET_POST : ClientCredentials.Method.NONE);
  }

  /**
   * RFC 7521 section 4.2: {@code client_assertion_type} and {@code client_assertion}; the client is
   * {@code client_id} when sent, else the assertion's {@code sub} (else {@code iss}), read here
   * unverified only to find the client: core verifies the assertion and that {@code iss} and
   * {@code sub} are that client.
   */
  private static Parsed<ClientCredentials> assertion(FormBody form) {
    Optional<String> type = form.get("client_assertion_type");
    if (type.isEmpty() || !type.get().equals(JWT_BEARER)) {
      return Parsed.bad(OAuthError.invalidClient("client_assertion_type must be '" + JWT_BEARER + "'"));
    }
    Optional<String> jwt = form.get("client_assertion");
    if (jwt.isEmpty()) {
      return Parsed.bad(OAuthError.invalidClient("missing parameter 'client_assertion'"));
    }
    Optional<String> id = form.get("client_id").or(() -> claimedClient(jwt.get()));
    if (id.isEmpty()) {
      return Parsed.bad(OAuthError.invalidClient("client authentication failed"));
    }
    return credentials(id.get(), jwt, ClientCredentials.Method.PRIVATE_KEY_JWT);
  }

  /** The {@code sub}, else the {@code iss}, of a compact JWT's payload, unverified; empty if unreadable. */
  static Optional<String> claimedClient(String jwt) {
    int a = jwt.indexOf('.');
    int b = a < 0 ? -1 : jwt.indexOf('.', a + 1);
    if (b < 0 || jwt.length() > 8192) {
      return Optional.empty();
    }
    try {
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(a + 1, b)));
      for (String claim : new String[] {"sub", "iss"}) {
        JsonNode v = payload == null ? null : payload.get(claim);
        if (v != null && v.isTextual()) {
          return Optional.of(v.asText());
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // not base64url or not JSON: no client can be named from it
    }
    return Optional.empty();
  }

  private static Parsed<ClientCredentials> basic(String header, FormBody form) {
    Parsed<ClientCredentials> parsed = BasicCredentials.parse(header);
    if (!(parsed instanceof Parsed.Ok<ClientCredentials>(ClientCredentials c))) {
      return parsed;
    }
    if (form.has("client_secret")) {
      return Parsed.bad(OAuthError.invalidRequest(
          "the client used more than one authentication method (HTTP Basic and client_secret)"));
    }
    Optional<String> formId = form.get("client_id");
    if (formId.isPresent() && !formId.get().equals(c.clientId().value())) {
      return Parsed.bad(OAuthError.invalidRequest("client_id '" + FormBody.clip(formId.get())
          + "' does not match the client of the Authorization header"));
    }
    return parsed;
  }

  private static Parsed<ClientCredentials> credentials(String id, Optional<String> secret,
      ClientCredentials.Method method) {
    if (!ClientId.isValid(id)) {
      return Parsed.bad(OAuthError.invalidClient("client authentication failed"));
    }
    return Parsed.ok(new ClientCredentials(new ClientId(id), secret, method));
  }
}
