package io.jeton.core.auth;

import io.jeton.core.error.OAuthError;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a user proves who they are (SPEC section 1, "authentication service"): local passwords,
 * an LDAP bind, and so on. Each service declares the parameters it needs; a realm lists the
 * services it allows.
 */
public interface AuthService {
  /** The id clients choose it by (AGS {@code x-auth-service-id}). */
  String id();

  /** {@code password}, {@code ldap}, ... */
  String type();

  /** A human-readable name for discovery. */
  String name();

  List<AuthParameter> parameters();

  /** Authenticates with the declared parameters; returns the (local) user or a refusal. */
  Result authenticate(Realm realm, Map<String, String> parameters);

  /**
   * Re-checks, at refresh time, that the session's user is still acceptable to this service
   * (exists in the directory, enabled); empty when it is.
   */
  Optional<OAuthError> recheck(Realm realm, User user);

  /** Releases what the service holds (a directory connection pool); it is not used afterwards. */
  default void close() {}

  /** The user, or why not. */
  sealed interface Result {
    record Authenticated(User user) implements Result {}

    record Failed(OAuthError error) implements Result {}
  }
}
