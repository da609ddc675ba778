package io.jeton.dialect.oauth2;

import io.jeton.core.grant.IssuedTokens;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;

/** The RFC 6749 section 5.1 successful token response. */
final class TokenResponse {
  private TokenResponse() {}

  static WireResponse render(IssuedTokens t) {
    return WireResponse.noStoreJson(200, Json.object(g -> {
      g.writeStringField("access_token", t.accessToken());
      g.writeStringField("token_type", t.tokenType());
      g.writeNumberField("expires_in", t.expiresIn());
      if (t.refreshToken().isPresent()) {
        g.writeStringField("refresh_token", t.refreshToken().get());
      }
      if (!t.claims().scope().isEmpty()) {
        g.writeStringField("scope", t.claims().scopeString());
      }
    }));
  }
}
