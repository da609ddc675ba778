package io.jeton.server.admin;

import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminViews;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/realms/{realm}/users}: list, create, show, delete, set-password, unlock (SPEC 11
 * {@code user}). Passwords arrive in the body, are hashed by core before they are stored, and are
 * never logged or echoed.
 */
final class UserRoutes {
  /** Body of {@code POST .../users}. */
  record Create(String username, String password, Boolean enabled, List<String> roles, Map<String, String> attributes) {
    Create {
      if (username == null) {
        throw new IllegalArgumentException("field 'username' is required");
      }
    }

    AdminViews.UserSpec spec() {
      return new AdminViews.UserSpec(username, Optional.ofNullable(password), enabled == null || enabled, roles,
          attributes);
    }

    @Override
    public String toString() {
      return "Create[username=" + username + ", password=(hidden)]";
    }
  }

  /** Body of {@code PUT .../users/{username}/password}. */
  record Password(String password) {
    Password {
      if (password == null) {
        throw new IllegalArgumentException("field 'password' is required");
      }
    }

    @Override
    public String toString() {
      return "Password[(hidden)]";
    }
  }

  private final Admin admin;

  UserRoutes(Admin admin) {
    this.admin = admin;
  }

  AdminRoute.Response list(AdminApi.Call c) {
    var page = admin.users(c.realm(), c.query("after"), c.limit());
    return AdminApi.ok(Views.page(page.items().stream().map(Views::user).toList(), page.next()));
  }

  AdminRoute.Response create(AdminApi.Call c) {
    String realm = c.realm();
    Create body = c.body(Create.class);
    AdminViews.UserView user = admin.createUser(realm, body.spec());
    c.audited("created user '" + user.username() + "' in realm '" + realm + "'");
    return AdminApi.created("/admin/realms/" + realm + "/users/" + AdminApi.segment(user.username()), Views.user(user));
  }

  AdminRoute.Response show(AdminApi.Call c) {
    return AdminApi.ok(Views.user(admin.user(c.realm(), c.param("username"))));
  }

  AdminRoute.Response delete(AdminApi.Call c) {
    String realm = c.realm();
    admin.deleteUser(realm, c.param("username"));
    c.audited("deleted user '" + c.param("username") + "' of realm '" + realm + "'");
    return AdminApi.noContent();
  }

  AdminRoute.Response setPassword(AdminApi.Call c) {
    String realm = c.realm();
    Password body = c.body(Password.class);
    admin.setPassword(realm, c.param("username"), body.password());
    c.audited("set the password of user '" + c.param("username") + "' of realm '" + realm + "'");
    return AdminApi.noContent();
  }

  AdminRoute.Response unlock(AdminApi.Call c) {
    String realm = c.realm();
    boolean lifted = switch (admin.unlockUser(realm, c.param("username"))) {
      case LIFTED -> true;
      case NOTHING_TO_LIFT -> false;
      case NO_SUCH_USER -> throw new Refusal(Problem.unknown("user", "no user '" + c.param("username")
          + "' in realm '" + realm + "'"));
    };
    if (lifted) {
      c.audited("unlocked user '" + c.param("username") + "' of realm '" + realm + "'");
    }
    return AdminApi.ok(Map.of("unlocked", lifted));
  }
}
