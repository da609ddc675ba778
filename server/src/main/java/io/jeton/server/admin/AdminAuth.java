package io.jeton.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.client.ClientCertificate;
import io.jeton.core.realm.Realm;
import io.jeton.core.token.AccessClaims;
import io.jeton.dialect.wire.WireRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may call the admin API (SPEC 11): a valid access token of the realm named by {@code
 * adminRealm} with the scope {@code jeton:admin}, sent as an RFC 6750 Bearer token. A token bound
 * to a client certificate (RFC 8705 section 3) counts only over that certificate; a DPoP-bound one
 * (RFC 9449) is refused, as this resource server checks no DPoP proof. Missing or invalid: 401 with
 * {@code WWW-Authenticate: Bearer} (RFC 6750 section 3); valid but without the scope, or of another
 * realm of this server: 403 {@code insufficient_scope}.
 */
final class AdminAuth {
  /** The scope an admin token carries. */
  static final String SCOPE = "jeton:admin";
  /** The {@code realm} of the admin API's challenges. */
  static final String CHALLENGE_REALM = "jeton-admin";
  /** RFC 6750 section 2.1 {@code b64token}. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
  private static final int MAX_TOKEN = 8192;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who called: the admin token's client and subject, for the audit log. */
  record Admin(RealmName realm, String clientId, String subject) {}

  sealed interface Result {
    record Allowed(Admin admin) implements Result {}

    record Refused(Problem problem) implements Result {}
  }

  private final Engine engine;
  private final RealmName adminRealm;

  AdminAuth(Engine engine, RealmName adminRealm) {
    this.engine = engine;
    this.adminRealm = adminRealm;
  }

  Result check(WireRequest in) {
    int count = in.headers().count("Authorization");
    if (count == 0) {
      return unauthorized("the admin API needs an access token with scope '" + SCOPE + "' of realm '" + adminRealm
          + "' (Authorization: Bearer ...)");
    }
    if (count > 1) {
      return invalidRequest("send one Authorization header, not " + count);
    }
    String header = in.header("Authorization").orElse("").trim();
    int space = header.indexOf(' ');
    String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
    if (!scheme.equals("bearer")) {
      return unauthorized(scheme.equals("dpop")
          ? "the admin API takes bearer tokens only, not DPoP (docs/admin-api.md)"
          : "the admin API takes a Bearer access token (Authorization: Bearer ...)");
    }
    String token = header.substring(space + 1).trim();
    if (token.isEmpty() || token.length() > MAX_TOKEN || !B64TOKEN.matcher(token).matches()) {
      return invalidToken("the access token is malformed");
    }
    Optional<Realm> realm = engine.realm(adminRealm);
    if (realm.isEmpty()) {
      return invalidToken("the admin realm '" + adminRealm + "' does not exist");
    }
    Optional<AccessClaims> claims = engine.validateAccessToken(realm.get(), token);
    if (claims.isEmpty()) {
      Optional<String> other = otherRealm(token);
      if (other.isPresent()) {
        return refuse(Problem.of(403, "forbidden", "Forbidden", "the access token is of realm '" + other.get()
            + "'; the admin API takes tokens of realm '" + adminRealm + "'").withChallenge(insufficientScope()));
      }
      return invalidToken("the access token is invalid, expired or revoked");
    }
    AccessClaims c = claims.get();
    if (c.confirmation().jkt().isPresent()) {
      return invalidToken("the access token is bound to a DPoP key; the admin API takes bearer tokens only");
    }
    if (c.confirmation().x5tS256().isPresent()
        && !c.confirmation().x5tS256().equals(in.context().clientCertificate().map(ClientCertificate::x5tS256))) {
      return invalidToken("the access token is bound to a client certificate that the request did not present");
    }
    if (!c.scope().contains(SCOPE)) {
      return refuse(Problem.of(403, "forbidden", "Forbidden", "the access token lacks the scope '" + SCOPE + "'")
          .withChallenge(insufficientScope()));
    }
    return new Result.Allowed(new Admin(adminRealm, c.clientId().value(), c.subject()));
  }

  /**
   * The realm of this server that issued {@code token}, when it is another realm's valid token: its
   * {@code iss} (read unverified) names the realm, whose keys then verify it.
   */
  private Optional<String> otherRealm(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    String iss;
    try {
      JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      iss = payload != null && payload.path("iss").isTextual() ? payload.path("iss").asText() : "";
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String prefix = engine.settings().publicUrl() + "/realms/";
    if (!iss.startsWith(prefix)) {
      return Optional.empty();
    }
    String name = iss.substring(prefix.length());
    return engine.realm(name).filter(r -> !r.name().equals(adminRealm))
        .filter(r -> engine.validateAccessToken(r, token).isPresent()).map(r -> r.name().value());
  }

  private static String insufficientScope() {
    return "Bearer realm=\"" + CHALLENGE_REALM + "\", error=\"insufficient_scope\", scope=\"" + SCOPE + "\"";
  }

  private static Result invalidToken(String detail) {
    return refuse(Problem.of(401, "unauthorized", "Unauthorized", detail).withChallenge(
        "Bearer realm=\"" + CHALLENGE_REALM + "\", error=\"invalid_token\", error_description=\"" + detail + "\""));
  }

  /** RFC 6750 section 3.1: no error code when the request has no (Bearer) authentication at all. */
  private static Result unauthorized(String detail) {
    return refuse(Problem.of(401, "unauthorized", "Unauthorized", detail)
        .withChallenge("Bearer realm=\"" + CHALLENGE_REALM + "\""));
  }

  /** RFC 6750 section 3.1 {@code invalid_request}: 400. */
  private static Result invalidRequest(String detail) {
    return refuse(Problem.invalid(detail).withChallenge(
        "Bearer realm=\"" + CHALLENGE_REALM + "\", error=\"invalid_request\", error_description=\"" + detail + "\""));
  }

  private static Result refuse(Problem p) {
    return new Result.Refused(p);
  }
}
