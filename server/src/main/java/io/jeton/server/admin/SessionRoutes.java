package io.jeton.server.admin;

import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminViews;
import io.jeton.dialect.wire.FormBody;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/realms/{realm}/sessions}, {@code .../keys} and {@code .../audit}: what a realm is
 * doing rather than what it holds (SPEC 11 {@code sessions}, {@code keys}, {@code audit}).
 */
final class SessionRoutes {
  /** Body of {@code POST .../keys/rotate}, optional: {@code now} makes the new key sign at once. */
  record RotateKeys(Boolean now) {}

  private final Admin admin;
  private final InstantSource clock;

  SessionRoutes(Admin admin, InstantSource clock) {
    this.admin = admin;
    this.clock = clock;
  }

  AdminRoute.Response list(AdminApi.Call c) {
    String realm = c.realm();
    return AdminApi.ok(Map.of("items", admin.sessions(realm, c.query("user"), c.limit()).stream()
        .map(Views::session).toList()));
  }

  AdminRoute.Response revoke(AdminApi.Call c) {
    String realm = c.realm();
    AdminViews.Revoked revoked = admin.revokeSession(realm, c.param("sessionId"));
    c.audited("revoked session '" + c.param("sessionId") + "' of realm '" + realm + "'");
    return AdminApi.ok(Views.revoked(revoked));
  }

  AdminRoute.Response revokeOfUser(AdminApi.Call c) {
    String realm = c.realm();
    AdminViews.Revoked revoked = admin.revokeSessions(realm, c.param("username"));
    c.audited("revoked " + revoked.sessionIds().size() + " sessions of user '" + c.param("username")
        + "' of realm '" + realm + "'");
    return AdminApi.ok(Views.revoked(revoked));
  }

  AdminRoute.Response keys(AdminApi.Call c) {
    Instant now = clock.instant();
    return AdminApi.ok(Map.of("items", admin.keys(c.realm()).stream().map(k -> Views.key(k, now)).toList()));
  }

  AdminRoute.Response rotateKeys(AdminApi.Call c) {
    String realm = c.realm();
    boolean now = Boolean.TRUE.equals(c.optionalBody(RotateKeys.class, new RotateKeys(false)).now());
    var key = admin.rotateKeys(realm, now);
    c.audited("rotated the signing keys of realm '" + realm + "'" + (now ? " (now)" : "") + ": new key '"
        + key.kid() + "'");
    return AdminApi.ok(Views.key(key, clock.instant()));
  }

  AdminRoute.Response audit(AdminApi.Call c) {
    String realm = c.realm();
    Optional<Instant> since = c.query("since").map(s -> {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new Refusal(Problem.invalid("query parameter 'since' must be an ISO-8601 instant such as "
            + "2026-12-03T18:00:00Z, got '" + FormBody.clip(s) + "'"));
      }
    });
    return AdminApi.ok(Map.of("items", admin.audit(realm, c.query("type"), since, c.limit()).stream()
        .map(Views::audit).toList()));
  }
}
