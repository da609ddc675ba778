package io.jeton.dialect.oauth2;

import io.jeton.core.introspect.Introspection;
import io.jeton.core.token.AccessClaims;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;

/**
 * The RFC 7662 section 2.2 introspection response. An inactive token is exactly {@code
 * {"active":false}}: "the authorization server MUST NOT include any additional information".
 */
final class IntrospectionResponse {
  private static final byte[] INACTIVE = "{\"active\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private IntrospectionResponse() {}

  static WireResponse render(Introspection result, String realm) {
    return switch (result) {
      case Introspection.Refused(var error) -> ErrorResponse.render(error, realm);
      case Introspection.Inactive i -> WireResponse.noStoreJson(200, INACTIVE.clone());
      case Introspection.Active a -> WireResponse.noStoreJson(200, active(a));
    };
  }

  private static byte[] active(Introspection.Active a) {
    AccessClaims c = a.claims();
    return Json.object(g -> {
      g.writeBooleanField("active", true);
      if (!c.scope().isEmpty()) {
        g.writeStringField("scope", c.scopeString());
      }
      g.writeStringField("client_id", c.clientId().value());
      if (a.tokenType().equals("access_token")) {
        // section 2.2: token_type as in RFC 6749 section 5.1; a refresh token has none; a DPoP-bound
        // token is "DPoP" (RFC 9449 section 7.1)
        g.writeStringField("token_type", c.confirmation().jkt().isPresent() ? "DPoP" : "Bearer");
      }
      if (a.username().isPresent()) {
        g.writeStringField("username", a.username().get());
      }
      g.writeNumberField("exp", c.expiresAt().getEpochSecond());
      g.writeNumberField("iat", c.issuedAt().getEpochSecond());
      g.writeStringField("sub", c.subject());
      if (c.audience().size() == 1) {
        g.writeStringField("aud", c.audience().get(0));
      } else if (!c.audience().isEmpty()) {
        g.writeArrayFieldStart("aud");
        for (String aud : c.audience()) {
          g.writeString(aud);
        }
        g.writeEndArray();
      }
      g.writeStringField("iss", c.issuer());
      if (!c.jti().isEmpty()) {
        g.writeStringField("jti", c.jti());
      }
      if (c.sessionId().isPresent()) {
        g.writeStringField("sid", c.sessionId().get().value());
      }
      if (!c.confirmation().isEmpty()) {
        // RFC 7662 section 2.2 with RFC 8705 section 3.2 and RFC 9449 section 6.2
        g.writeObjectFieldStart("cnf");
        if (c.confirmation().x5tS256().isPresent()) {
          g.writeStringField("x5t#S256", c.confirmation().x5tS256().get());
        }
        if (c.confirmation().jkt().isPresent()) {
          g.writeStringField("jkt", c.confirmation().jkt().get());
        }
        g.writeEndObject();
      }
    });
  }
}
