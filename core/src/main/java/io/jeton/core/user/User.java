package io.jeton.core.user;

import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A resource owner (SPEC section 1): roles are onesait's "authorities"; attributes carry
 * {@code customerId}, {@code accountId}, {@code userProfileId} and anything else.
 *
 * @param passwordHash the PHC-format Argon2id hash, empty for a user who logs in elsewhere (LDAP)
 */
public record User(
    RealmName realm,
    UserId id,
    String username,
    Optional<String> passwordHash,
    boolean enabled,
    List<String> roles,
    Map<String, String> attributes) {

  public User {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(id, "id");
    if (!isUsername(username)) {
      throw new IllegalArgumentException("a username is 1 to " + MAX_USERNAME + " characters, none a control character");
    }
    passwordHash = passwordHash == null ? Optional.empty() : passwordHash;
    roles = roles == null ? List.of() : List.copyOf(roles);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** The longest username. */
  public static final int MAX_USERNAME = 255;

  /**
   * Whether a username can exist: 1 to {@value #MAX_USERNAME} characters and no control
   * character (PostgreSQL cannot store a NUL; review M7). One that cannot is refused before any
   * lookup, as a wrong username or password.
   */
  public static boolean isUsername(String username) {
    if (username == null || username.isEmpty() || username.length() > MAX_USERNAME) {
      return false;
    }
    for (int i = 0; i < username.length(); i++) {
      if (Character.isISOControl(username.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }
}
