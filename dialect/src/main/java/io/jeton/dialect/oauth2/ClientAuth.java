package io.jeton.dialect.oauth2;

import io.jeton.core.ClientId;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireHeaders;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads what a request presents to authenticate its client, RFC 6749 section 2.3.1: HTTP Basic
 * ({@code client_secret_basic}), form fields ({@code client_secret_post}), or a bare {@code
 * client_id} (a public client). Only reads: {@code Engine.authenticateClient} decides.
 */
final class ClientAuth {
  private static final int MAX_AUTHORIZATION = 4096;

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
    if (header.length() > MAX_AUTHORIZATION) {
      return Parsed.bad(OAuthError.invalidClient("the Authorization header is too long"));
    }
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Parsed.bad(OAuthError.invalidClient("only the Basic authentication scheme is supported"));
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(h.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return Parsed.bad(OAuthError.invalidClient("the Basic credentials are not valid base64"));
    }
    int colon = -1;
    for (int i = 0; i < raw.length && colon < 0; i++) {
      colon = raw[i] == ':' ? i : -1;
    }
    if (colon < 0) {
      return Parsed.bad(OAuthError.invalidClient("the Basic credentials are not 'client_id:client_secret'"));
    }
    // RFC 6749 section 2.3.1: "The client identifier is encoded using the
    // application/x-www-form-urlencoded encoding algorithm", and so is the password. (A ':' byte
    // never occurs inside a multi-byte UTF-8 sequence, so splitting the bytes is safe.)
    String id = FormBody.decodeComponent(raw, 0, colon);
    String secret = FormBody.decodeComponent(raw, colon + 1, raw.length);
    if (id == null || secret == null) {
      return Parsed.bad(OAuthError.invalidClient("the Basic credentials have a bad %-escape or are not UTF-8"));
    }
    if (form.has("client_secret")) {
      return Parsed.bad(OAuthError.invalidRequest(
          "the client used more than one authentication method (HTTP Basic and client_secret)"));
    }
    Optional<String> formId = form.get("client_id");
    if (formId.isPresent() && !formId.get().equals(id)) {
      return Parsed.bad(OAuthError.invalidRequest("client_id '" + FormBody.clip(formId.get())
          + "' does not match the client of the Authorization header"));
    }
    return credentials(id, secret.isEmpty() ? Optional.empty() : Optional.of(secret),
        ClientCredentials.Method.CLIENT_SECRET_BASIC);
  }

  private static Parsed<ClientCredentials> credentials(String id, Optional<String> secret,
      ClientCredentials.Method method) {
    if (id.isEmpty() || id.length() > ClientId.MAX_LENGTH) {
      return Parsed.bad(OAuthError.invalidClient("client authentication failed"));
    }
    return Parsed.ok(new ClientCredentials(new ClientId(id), secret, method));
  }
}
