package io.jeton.core.user;

import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.realm.Realm;
import java.util.Optional;

/**
 * Checks a username and password against the realm's local users. Unknown users cost the same
 * Argon2id work as known ones, and a disabled user is reported only after the right password, so
 * neither timing nor answers tell which usernames exist.
 */
public final class LocalPasswordCheck {
  /** The user, or why not. */
  public record Result(Optional<User> user, OAuthError error) {
    static Result ok(User u) {
      return new Result(Optional.of(u), null);
    }

    static Result no(OAuthError e) {
      return new Result(Optional.empty(), e);
    }
  }

  private final UserStore users;
  private final PasswordHasher hasher;

  public LocalPasswordCheck(UserStore users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  public Result check(Realm realm, String username, String password) {
    Optional<User> found = users.findByUsername(realm.name(), username);
    boolean ok;
    try {
      if (found.isPresent() && found.get().passwordHash().isPresent()) {
        ok = hasher.verify(password, found.get().passwordHash().get());
      } else {
        ok = hasher.verifyDummy(password);
      }
    } catch (PasswordHasher.Overloaded e) {
      return Result.no(overloaded());
    }
    if (!ok) {
      return Result.no(wrong());
    }
    if (!found.get().enabled()) {
      return Result.no(OAuthError.invalidGrant(OAuthError.Reason.USER_DISABLED, "user account is disabled"));
    }
    return Result.ok(found.get());
  }

  /**
   * The answer a wrong password gets, after the same Argon2id work, without looking at any user:
   * for an attempt the lockout refuses ({@link io.jeton.core.auth.LoginGuard}).
   */
  public OAuthError refuseAsWrong(String password) {
    try {
      hasher.verifyDummy(password);
    } catch (PasswordHasher.Overloaded e) {
      return overloaded();
    }
    return wrong();
  }

  private static OAuthError wrong() {
    return OAuthError.invalidGrant(OAuthError.Reason.BAD_USER_CREDENTIALS, "invalid username or password");
  }

  private static OAuthError overloaded() {
    return OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, OAuthError.Reason.OVERLOADED,
        "too many logins in progress, retry shortly");
  }
}
