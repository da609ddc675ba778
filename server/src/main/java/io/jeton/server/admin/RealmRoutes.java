package io.jeton.server.admin;

import io.jeton.core.Engine;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminViews;
import io.jeton.core.realm.Realm;
import java.util.Optional;

/** {@code /admin/realms} and {@code /admin/realms/{realm}}: list, create, show, delete (SPEC 11 {@code realm}). */
final class RealmRoutes {
  /** Body of {@code POST /admin/realms}; an omitted setting takes its default. */
  record Create(String name, String issuerName, String audience, Long accessTokenTtl, Long refreshTokenTtl,
      Long sessionMaxTtl, Long refreshReuseGrace, String signingAlgorithm, Integer maxSessionsPerUser,
      String accessTokenTyp) {
    Create {
      if (name == null) {
        throw new IllegalArgumentException("field 'name' is required");
      }
    }

    AdminViews.RealmSettings settings() {
      return new AdminViews.RealmSettings(Optional.ofNullable(issuerName), Optional.ofNullable(audience),
          Optional.ofNullable(accessTokenTtl), Optional.ofNullable(refreshTokenTtl), Optional.ofNullable(sessionMaxTtl),
          Optional.ofNullable(refreshReuseGrace), Optional.ofNullable(signingAlgorithm),
          Optional.ofNullable(maxSessionsPerUser), Optional.ofNullable(accessTokenTyp));
    }
  }

  private final Admin admin;
  private final Engine engine;

  RealmRoutes(Admin admin, Engine engine) {
    this.admin = admin;
    this.engine = engine;
  }

  AdminRoute.Response list(AdminApi.Call c) {
    var page = admin.realms(c.query("after"), c.limit());
    return AdminApi.ok(Views.page(page.items().stream().map(this::view).toList(), page.next()));
  }

  AdminRoute.Response create(AdminApi.Call c) {
    Create body = c.body(Create.class);
    Realm realm = admin.createRealm(body.name(), body.settings());
    c.audited("created realm '" + realm.name() + "'");
    return AdminApi.created("/admin/realms/" + realm.name(), view(realm));
  }

  AdminRoute.Response show(AdminApi.Call c) {
    return AdminApi.ok(view(admin.realm(c.realm())));
  }

  AdminRoute.Response delete(AdminApi.Call c) {
    String realm = c.realm();
    admin.deleteRealm(realm);
    c.audited("deleted realm '" + realm + "'");
    return AdminApi.noContent();
  }

  private Object view(Realm r) {
    return Views.realm(r, engine.issuer(r));
  }
}
