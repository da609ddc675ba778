package io.jeton.dialect.onesait;

import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.user.User;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * onesait's response bodies (SPEC 3.2), in the shape of the Spring Security OAuth 2 server it
 * comes from: the token response with {@code authorities} and {@code jti}, the check_token
 * document, {@code {"revoked":...}}, and RFC 6749 section 5.2 errors.
 */
final class OnesaitResponses {
  private OnesaitResponses() {}

  /**
   * 200 from the token endpoint: {@code expires_in} the access token's lifetime in seconds,
   * {@code scope} space-separated, {@code authorities} the user's realm roles.
   */
  static WireResponse tokens(IssuedTokens t) {
    String refresh = t.refreshToken()
        .orElseThrow(() -> new IllegalStateException("a user grant without refresh token"));
    List<String> roles = t.user().map(User::roles).orElse(List.of());
    return WireResponse.noStoreJson(200, Json.object(g -> {
      g.writeStringField("access_token", t.accessToken());
      g.writeStringField("token_type", "bearer");
      g.writeStringField("refresh_token", refresh);
      g.writeNumberField("expires_in", t.expiresIn());
      g.writeStringField("scope", t.claims().scopeString());
      strings(g, "authorities", roles);
      g.writeStringField("jti", t.claims().jti());
    }));
  }

  /**
   * 200 from check_token for a valid access token. {@code user_name} is the user's username and
   * is absent for a token with no user (a client's own token), as in Spring's converter;
   * {@code authorities} are the user's roles, empty for a client's token.
   */
  static WireResponse active(AccessClaims c, Optional<User> user) {
    return WireResponse.noStoreJson(200, Json.object(g -> {
      g.writeBooleanField("active", true);
      g.writeNumberField("exp", c.expiresAt().getEpochSecond());
      g.writeStringField("client_id", c.clientId().value());
      if (user.isPresent()) {
        g.writeStringField("user_name", user.get().username());
      }
      strings(g, "authorities", user.map(User::roles).orElse(List.of()));
      strings(g, "scope", c.scope());
      g.writeStringField("jti", c.jti());
    }));
  }

  /** 200 from revoke_token: whether this call revoked something. */
  static WireResponse revoked(boolean revoked) {
    return WireResponse.noStoreJson(200, Json.object(g -> g.writeBooleanField("revoked", revoked)));
  }

  /**
   * An RFC 6749 section 5.2 error with the core's code and status, which already are RFC 6749's;
   * a 401 carries {@code WWW-Authenticate: Basic} (section 5.2: "MUST include the
   * WWW-Authenticate response header field matching the authentication scheme used by the client").
   */
  static WireResponse error(OAuthError error, String basicRealm) {
    WireResponse r = WireResponse.noStoreJson(error.status(), Json.object(g -> {
      g.writeStringField("error", error.code().wire());
      g.writeStringField("error_description", error.description());
    })).withRetryAfter(error.retryAfter());
    return error.status() == 401 ? r.withHeader("WWW-Authenticate", "Basic realm=\"" + basicRealm + "\"") : r;
  }

  /** 405 in Spring's shape, {@code method_not_allowed}, with an {@code Allow} header. */
  static WireResponse methodNotAllowed(String method, String allow) {
    return WireResponse.noStoreJson(405, Json.object(g -> {
      g.writeStringField("error", "method_not_allowed");
      g.writeStringField("error_description", "Request method '" + FormBody.clip(method)
          + "' is not supported; use " + allow);
    })).withHeader("Allow", allow);
  }

  private static void strings(com.fasterxml.jackson.core.JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
