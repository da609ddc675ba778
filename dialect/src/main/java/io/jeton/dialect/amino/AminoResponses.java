package io.jeton.dialect.amino;

import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.session.Session;
import io.jeton.core.user.User;
import io.jeton.dialect.wire.Json;
import io.jeton.dialect.wire.WireResponse;
import java.util.Map;
import java.util.regex.Pattern;

/** Renders Amino's {@code AuthenticationTokens} JSON:API document (seed 004, SPEC section 3.4). */
final class AminoResponses {
  /** JSON:API's media type (JSON:API 1.1 "Content Negotiation"); tokens are never cached. */
  static final Map<String, String> HEADERS =
      Map.of("Content-Type", "application/vnd.api+json", "Cache-Control", "no-store", "Pragma", "no-cache");

  /**
   * A {@code userId} attribute rendered as a JSON number: a decimal integer without a leading zero
   * and of at most 15 digits, so that every JSON reader (JavaScript's doubles included) reads it
   * exactly.
   */
  private static final Pattern NUMERIC = Pattern.compile("0|[1-9][0-9]{0,14}");

  private AminoResponses() {}

  /**
   * The document of a login or a refresh. Timestamps are UNIX seconds as in the seed: {@code
   * login_timestamp} is the session's creation, {@code expires_at_timestamp} the access token's
   * {@code exp}; {@code id} is the session id (the access token's {@code sid}).
   */
  static WireResponse tokens(IssuedTokens t) {
    Session session = t.session().orElseThrow();
    User user = t.user().orElseThrow();
    return new WireResponse(200, HEADERS, Json.object(g -> {
      g.writeArrayFieldStart("data");
      g.writeStartObject();
      g.writeStringField("type", "AuthenticationTokens");
      g.writeStringField("id", session.id().value());
      g.writeObjectFieldStart("attributes");
      g.writeNumberField("login_timestamp", session.createdAt().getEpochSecond());
      String userId = user.attribute("userId").orElse("");
      if (NUMERIC.matcher(userId).matches()) {
        g.writeNumberField("user_id", Long.parseLong(userId));
      } else {
        g.writeStringField("user_id", user.id().value());
      }
      String profile = user.attribute("userProfileId").orElse(null);
      if (profile == null) {
        g.writeNullField("user_profile_id");
      } else {
        g.writeStringField("user_profile_id", profile);
      }
      g.writeStringField("access_token", t.accessToken());
      g.writeNumberField("expires_at_timestamp", t.claims().expiresAt().getEpochSecond());
      g.writeStringField("refresh_token", t.refreshToken().orElseThrow());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }));
  }
}
