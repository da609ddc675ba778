package io.jeton.core.auth;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.LocalPasswordCheck;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authentication services of each realm, built from the realm's {@code authServices} list and
 * cached until the realm's definition changes.
 */
public final class AuthServices {
  private final LocalPasswordCheck passwords;
  private final UserStore users;
  private final Map<String, Built> cache = new ConcurrentHashMap<>();

  private record Built(List<AuthServiceRef> refs, List<AuthService> services) {}

  public AuthServices(LocalPasswordCheck passwords, UserStore users) {
    this.passwords = passwords;
    this.users = users;
  }

  /** The types Jeton knows. */
  public static final List<String> TYPES = List.of("password", "ldap");

  /** Every service the realm allows, in its configured order. */
  public List<AuthService> of(Realm realm) {
    Built b = cache.get(realm.name().value());
    if (b == null || !b.refs().equals(realm.authServices())) {
      Built fresh = new Built(realm.authServices(), realm.authServices().stream().map(this::build).toList());
      Built old = cache.put(realm.name().value(), fresh);
      if (old != null && old != fresh) {
        old.services().forEach(AuthService::close); // a request still using one gets "unavailable" once
      }
      b = fresh;
    }
    return b.services();
  }

  /** Closes every service built so far (the node is stopping). */
  public void close() {
    cache.values().forEach(b -> b.services().forEach(AuthService::close));
    cache.clear();
  }

  public Optional<AuthService> find(Realm realm, String id) {
    return of(realm).stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Checks a service definition without building it; empty when it is valid. */
  public static Optional<String> problem(AuthServiceRef ref) {
    if (!TYPES.contains(ref.type())) {
      return Optional.of("auth service '" + ref.id() + "': unknown type '" + ref.type() + "' (known: " + TYPES + ")");
    }
    if (ref.type().equals("ldap")) {
      try {
        new LdapAuthService(ref, null);
      } catch (IllegalArgumentException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  private AuthService build(AuthServiceRef ref) {
    return switch (ref.type()) {
      case "password" -> new PasswordAuthService(ref.id(), passwords);
      case "ldap" -> new LdapAuthService(ref, users);
      default -> throw new IllegalArgumentException(problem(ref).orElse("bad auth service"));
    };
  }

  /**
   * An {@code invalid_request} naming the first missing or empty required parameter; then, for a
   * {@code username} no user can have (a control character, over-long: review M7), the answer a
   * wrong username or password gets, before any store, directory or lockout counter sees it.
   */
  static Optional<OAuthError> missing(AuthService s, Map<String, String> parameters) {
    for (AuthParameter p : s.parameters()) {
      String v = parameters.get(p.name());
      if (p.required() && (v == null || v.isEmpty())) {
        return Optional.of(OAuthError.of(ErrorCode.INVALID_REQUEST, OAuthError.Reason.MALFORMED,
            "parameter '" + p.name() + "' is required by authentication service '" + s.id() + "'"));
      }
    }
    String username = parameters.get("username");
    if (username != null && !User.isUsername(username)) {
      return Optional.of(OAuthError.invalidGrant(OAuthError.Reason.BAD_USER_CREDENTIALS, "invalid username or password"));
    }
    return Optional.empty();
  }
}
