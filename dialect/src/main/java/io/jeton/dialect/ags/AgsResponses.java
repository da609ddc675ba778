package io.jeton.dialect.ags;

import io.jeton.core.auth.AuthParameter;
import io.jeton.core.auth.AuthService;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.session.Session;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Renders AGS's successful answers (seed 003, SPEC section 3.3). */
final class AgsResponses {
  private static final Map<String, String> DISCOVERY_HEADERS =
      Map.of("Content-Type", "application/json", "Cache-Control", "no-cache");

  private AgsResponses() {}

  /**
   * The signon and refresh answer. Every {@code *_expires_in} counts seconds from the access
   * token's {@code iat}: {@code expires_in} to the access token's expiry, {@code refresh_expires_in}
   * to the refresh token's sliding expiry, {@code fixed_refresh_expires_in} to the session's
   * absolute expiry.
   */
  static WireResponse tokens(IssuedTokens t) {
    Instant iat = t.claims().issuedAt();
    return WireResponse.noStoreJson(200, Json.object(g -> {
      g.writeStringField("access_token", t.accessToken());
      g.writeStringField("refresh_token", t.refreshToken().orElseThrow());
      g.writeStringField("client_id", t.claims().clientId().value());
      String accountId = t.user().flatMap(u -> u.attribute("accountId")).orElse(null);
      if (accountId == null) {
        g.writeNullField("accountId");
      } else {
        g.writeStringField("accountId", accountId);
      }
      g.writeStringField("token_type", "bearer");
      g.writeNumberField("expires_in", t.expiresIn());
      g.writeNumberField("refresh_expires_in", secondsBetween(iat, t.refreshExpiresAt().orElseThrow()));
      g.writeNumberField("fixed_refresh_expires_in",
          secondsBetween(iat, t.session().map(Session::expiresAt).orElseThrow()));
    }));
  }

  /** {@code GET /servicediscovery}: the realm's services and the parameters each needs. */
  static WireResponse discovery(List<AuthService> services) {
    return new WireResponse(200, DISCOVERY_HEADERS, Json.object(g -> {
      g.writeArrayFieldStart("services");
      for (AuthService s : services) {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("name", s.name());
        g.writeArrayFieldStart("parameters");
        for (AuthParameter p : s.parameters()) {
          g.writeStartObject();
          g.writeStringField("name", p.name());
          g.writeStringField("type", p.type());
          g.writeBooleanField("required", p.required());
          g.writeBooleanField("secret", p.secret());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }));
  }

  private static long secondsBetween(Instant from, Instant to) {
    return Math.max(0, to.getEpochSecond() - from.getEpochSecond());
  }
}
