package io.jeton.dialect.oauth2;

import io.jeton.core.ClientId;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.BasicCredentials;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireHeaders;
import java.util.Optional;

/**
 * Reads what a request presents to authenticate its client, RFC 6749 section 2.3.1: HTTP Basic
 * ({@code client_secret_basic}), form fields ({@code client_secret_post}), or a bare {@code
 * client_id} (a public client). Only reads: {@code Engine.authenticateClient} decides.
 */
final class ClientAuth {
  private ClientAuth() {}

  static Parsed<ClientCredentials> parse(WireHeaders headers, FormBody form) {
    int n = headers.count("Authorization");
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
