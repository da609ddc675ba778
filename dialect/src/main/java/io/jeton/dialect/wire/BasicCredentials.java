package io.jeton.dialect.wire;

import io.jeton.core.ClientId;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.OAuthError;
import java.util.Base64;

/**
 * Reads HTTP Basic client credentials ({@code client_secret_basic}, RFC 6749 section 2.3.1, RFC
 * 7617) from a request's {@code Authorization} header, for the dialects that authenticate clients
 * only this way (C1, onesait). Only reads: {@code Engine.authenticateClient} decides.
 */
public final class BasicCredentials {
  /** The longest {@code Authorization} header value accepted, in characters. */
  public static final int MAX_AUTHORIZATION = 4096;

  private BasicCredentials() {}

  /**
   * The credentials of the one {@code Authorization: Basic} header: {@code invalid_request} when
   * the header is repeated, {@code invalid_client} when it is missing or is not well-formed Basic.
   */
  public static Parsed<ClientCredentials> parse(WireHeaders headers) {
    int n = headers.count("Authorization");
    if (n > 1) {
      return Parsed.bad(OAuthError.invalidRequest("the Authorization header is included more than once"));
    }
    if (n == 0) {
      return Parsed.bad(OAuthError.invalidClient("client authentication is required (HTTP Basic)"));
    }
    return parse(headers.first("Authorization").orElse(""));
  }

  /** The credentials of one {@code Authorization} header value. */
  public static Parsed<ClientCredentials> parse(String header) {
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
    if (!ClientId.isValid(id)) {
      return Parsed.bad(OAuthError.invalidClient("client authentication failed"));
    }
    return Parsed.ok(new ClientCredentials(new ClientId(id),
        secret.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(secret),
        ClientCredentials.Method.CLIENT_SECRET_BASIC));
  }
}
