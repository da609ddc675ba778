package io.jeton.dialect.c1;

import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.token.AccessClaims;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * C1's response bodies (SPEC 3.1): camelCase tokens with UNIX-second expiries, the validation
 * document with its {@code scope} object, and the {@code {"code","message"}} error, whose status
 * each core refusal reason maps to here.
 */
final class C1Responses {
  static final String INVALID_REQUEST = "Invalid request";
  static final String NOT_AUTHORIZED = "Not authorized";
  static final String METHOD_NOT_ALLOWED = "Method not allowed";
  static final String UNAVAILABLE = "Service unavailable";
  static final String TOO_MANY_REQUESTS = "Too many requests";

  private C1Responses() {}

  /** 200 for login and renew: {@code {"tokenType","accessToken","refreshToken",...ExpiresAt}}. */
  static WireResponse tokens(IssuedTokens t) {
    String refresh = t.refreshToken()
        .orElseThrow(() -> new IllegalStateException("a user grant without refresh token"));
    long refreshExpiresAt = t.refreshExpiresAt().orElseThrow().getEpochSecond();
    return WireResponse.noStoreJson(200, Json.object(g -> {
      g.writeStringField("tokenType", "bearer");
      g.writeStringField("accessToken", t.accessToken());
      g.writeStringField("refreshToken", refresh);
      g.writeNumberField("accessTokenExpiresAt", t.claims().expiresAt().getEpochSecond());
      g.writeNumberField("refreshTokenExpiresAt", refreshExpiresAt);
    }));
  }

  /**
   * 200 for validate: {@code id} is the {@code jti}, {@code requestedBy} the token's client, and
   * {@code scope} one member per granted scope: {@code name=value} becomes {@code "name":"value"},
   * any other scope {@code s} becomes {@code "s":true}; of two scopes with the same name the
   * first in the token's (sorted) order wins. A certificate-bound token adds {@code
   * "cnf":{"x5t#S256":...}}.
   */
  static WireResponse validation(AccessClaims c, String issuerName, String customerId) {
    Map<String, Object> scope = new LinkedHashMap<>();
    for (String s : c.scope()) {
      int eq = s.indexOf('=');
      if (eq > 0) {
        scope.putIfAbsent(s.substring(0, eq), s.substring(eq + 1));
      } else {
        scope.putIfAbsent(s, Boolean.TRUE);
      }
    }
    return WireResponse.noStoreJson(200, Json.object(g -> {
      g.writeStringField("id", c.jti());
      g.writeStringField("issuer", issuerName);
      g.writeStringField("requestedBy", c.clientId().value());
      g.writeStringField("customerId", customerId);
      g.writeNumberField("expiresAt", c.expiresAt().getEpochSecond());
      g.writeNumberField("issuedAt", c.issuedAt().getEpochSecond());
      g.writeStringField("tokenType", "bearer");
      g.writeObjectFieldStart("scope");
      for (Map.Entry<String, Object> e : scope.entrySet()) {
        if (e.getValue() instanceof String v) {
          g.writeStringField(e.getKey(), v);
        } else {
          g.writeBooleanField(e.getKey(), true);
        }
      }
      g.writeEndObject();
      // RFC 8705 section 3.2: the binding of a certificate-bound token, as introspection shows it
      if (c.confirmation().x5tS256().isPresent()) {
        g.writeObjectFieldStart("cnf");
        g.writeStringField("x5t#S256", c.confirmation().x5tS256().get());
        g.writeEndObject();
      }
    }));
  }

  /**
   * A refusal in C1's shape. C1 knows 400 "Invalid request" and 401 "Not authorized" (SPEC 3.1);
   * every reason a client, user or token is refused is 401, a malformed request 400, and an
   * overloaded password pool 503. {@code basicRealm} names the Basic realm of a 401's {@code
   * WWW-Authenticate} (RFC 9110 section 11.6.1: a 401 "MUST" send one).
   */
  static WireResponse error(OAuthError error, String basicRealm) {
    int status = switch (error.reason()) {
      case MALFORMED, UNSUPPORTED, UNKNOWN_AUTH_SERVICE -> 400;
      case UNKNOWN_REALM, BAD_CLIENT_CREDENTIALS, BAD_USER_CREDENTIALS, USER_DISABLED, USER_MISMATCH,
          UNKNOWN_TOKEN, EXPIRED_TOKEN, REUSED_TOKEN, REVOKED_TOKEN, WRONG_CLIENT, GRANT_NOT_ALLOWED,
          SCOPE_NOT_ALLOWED, INVALID_PROOF -> 401;
      case RATE_LIMITED -> 429;
      case OVERLOADED -> 503;
      case OTHER -> error.status() >= 500 ? 503 : error.status() == 400 ? 400 : 401;
    };
    WireResponse r = body(status, switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> NOT_AUTHORIZED;
      case 429 -> TOO_MANY_REQUESTS;
      default -> UNAVAILABLE;
    }).withRetryAfter(error.retryAfter());
    return status == 401 ? r.withHeader("WWW-Authenticate", "Basic realm=\"" + basicRealm + "\"") : r;
  }

  /** 405 with an {@code Allow} header (RFC 9110 section 15.5.6). */
  static WireResponse methodNotAllowed(String allow) {
    return body(405, METHOD_NOT_ALLOWED).withHeader("Allow", allow);
  }

  private static WireResponse body(int status, String message) {
    return WireResponse.noStoreJson(status, Json.object(g -> {
      g.writeNumberField("code", status);
      g.writeStringField("message", message);
    }));
  }
}
