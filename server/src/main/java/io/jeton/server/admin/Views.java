package io.jeton.server.admin;

import io.jeton.core.admin.AdminViews;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.realm.Realm;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the admin API's answers, written out field by field so that the wire format
 * is what the OpenAPI document says and never a by-product of a core record (no secret or hash
 * can slip into a view that does not name it). Times are ISO-8601 instants; absent values are null.
 */
final class Views {
  private Views() {}

  static Map<String, Object> page(List<?> items, Optional<String> next) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", items);
    m.put("next", next.orElse(null));
    return m;
  }

  static Map<String, Object> realm(Realm r, String issuer) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name().value());
    m.put("issuer", issuer);
    m.put("issuerName", r.issuerName());
    m.put("audience", r.audience().orElse(null));
    m.put("accessTokenTtl", r.accessTokenTtl().toSeconds());
    m.put("refreshTokenTtl", r.refreshTokenTtl().toSeconds());
    m.put("sessionMaxTtl", r.sessionMaxTtl().toSeconds());
    m.put("refreshReuseGrace", r.refreshReuseGrace().toSeconds());
    m.put("signingAlgorithm", r.signingAlgorithm().name());
    m.put("accessTokenTyp", r.accessTokenTyp().value());
    m.put("maxSessionsPerUser", r.maxSessionsPerUser());
    m.put("keyRotationDays", r.keyPolicy().rotation().toDays());
    m.put("keyPublishSeconds", r.keyPolicy().publish().toSeconds());
    return m;
  }

  static Map<String, Object> client(AdminViews.ClientView c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("realm", c.realm());
    m.put("id", c.id());
    m.put("public", c.publicClient());
    m.put("grants", c.grants());
    m.put("scopes", c.scopes());
    m.put("redirectUris", c.redirectUris());
    m.put("postLogoutRedirectUris", c.postLogoutRedirectUris());
    m.put("certificateSubject", c.certificateSubject().orElse(null));
    m.put("resources", c.resources());
    m.put("rateLimit", c.rateLimit());
    return m;
  }

  static Map<String, Object> user(AdminViews.UserView u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("realm", u.realm());
    m.put("id", u.id());
    m.put("username", u.username());
    m.put("enabled", u.enabled());
    m.put("hasPassword", u.hasPassword());
    m.put("roles", u.roles());
    m.put("attributes", new java.util.TreeMap<>(u.attributes()));
    return m;
  }

  static Map<String, Object> session(AdminViews.SessionView v) {
    var s = v.session();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().value());
    m.put("userId", s.userId().value());
    m.put("username", v.username().orElse(null));
    m.put("clientId", s.clientId().value());
    m.put("authService", s.authService());
    m.put("scope", s.scope().stream().sorted().toList());
    m.put("resources", s.resources());
    m.put("createdAt", time(s.createdAt()));
    m.put("expiresAt", time(s.expiresAt()));
    return m;
  }

  static Map<String, Object> revoked(AdminViews.Revoked r) {
    return Map.of("revoked", r.sessionIds());
  }

  static Map<String, Object> key(KeySchedule k, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kid", k.kid());
    m.put("algorithm", k.algorithm().name());
    m.put("state", k.state(now).name().toLowerCase(Locale.ROOT));
    m.put("createdAt", time(k.createdAt()));
    m.put("activatesAt", time(k.activatesAt()));
    m.put("retiredAt", time(k.retiredAt()));
    m.put("deleteAfter", time(k.deleteAfter()));
    return m;
  }

  static Map<String, Object> audit(AuditEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", time(e.at()));
    m.put("type", e.type().name().toLowerCase(Locale.ROOT));
    m.put("realm", e.realm());
    m.put("clientId", orNull(e.clientId()));
    m.put("userId", orNull(e.userId()));
    m.put("sessionId", orNull(e.sessionId()));
    m.put("username", orNull(e.username()));
    m.put("address", orNull(e.address()));
    m.put("correlationId", orNull(e.correlationId()));
    m.put("detail", orNull(e.detail()));
    return m;
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String orNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
