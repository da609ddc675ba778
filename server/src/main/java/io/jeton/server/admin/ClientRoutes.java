package io.jeton.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminViews;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/clients}: list, create, show, delete, rotate-secret (SPEC 11 {@code
 * client}). A generated secret is in the answer that made it and nowhere else: never logged, never
 * in the audit log, stored only as its hash.
 */
final class ClientRoutes {
  /** Body of {@code POST .../clients}. */
  record Create(String id, List<String> grants, List<String> scopes, @JsonProperty("public") Boolean publicClient,
      List<String> redirectUris) {
    Create {
      if (id == null) {
        throw new IllegalArgumentException("field 'id' is required");
      }
    }

    AdminViews.ClientSpec spec() {
      return new AdminViews.ClientSpec(id, grants, scopes, Boolean.TRUE.equals(publicClient), redirectUris);
    }
  }

  private final Admin admin;

  ClientRoutes(Admin admin) {
    this.admin = admin;
  }

  AdminRoute.Response list(AdminApi.Call c) {
    var page = admin.clients(c.realm(), c.query("after"), c.limit());
    return AdminApi.ok(Views.page(page.items().stream().map(Views::client).toList(), page.next()));
  }

  AdminRoute.Response create(AdminApi.Call c) {
    String realm = c.realm();
    Create body = c.body(Create.class);
    AdminViews.CreatedClient made = admin.createClient(realm, body.spec());
    c.audited("created client '" + made.client().id() + "' in realm '" + realm + "'");
    return AdminApi.created("/admin/realms/" + realm + "/clients/" + AdminApi.segment(made.client().id()),
        withSecret(made));
  }

  AdminRoute.Response show(AdminApi.Call c) {
    return AdminApi.ok(Views.client(admin.client(c.realm(), c.param("clientId"))));
  }

  AdminRoute.Response delete(AdminApi.Call c) {
    String realm = c.realm();
    admin.deleteClient(realm, c.param("clientId"));
    c.audited("deleted client '" + c.param("clientId") + "' of realm '" + realm + "'");
    return AdminApi.noContent();
  }

  AdminRoute.Response rotateSecret(AdminApi.Call c) {
    String realm = c.realm();
    AdminViews.CreatedClient rotated = admin.rotateSecret(realm, c.param("clientId"));
    c.audited("rotated the secret of client '" + c.param("clientId") + "' of realm '" + realm + "'");
    return AdminApi.ok(withSecret(rotated));
  }

  private static Map<String, Object> withSecret(AdminViews.CreatedClient made) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("client", Views.client(made.client()));
    m.put("secret", made.secret().orElse(null));
    return m;
  }
}
