package io.jeton.core.auth;

import io.jeton.core.error.OAuthError;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.LocalPasswordCheck;
import io.jeton.core.user.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code password} service: the realm's local users and their Argon2id hashes. */
final class PasswordAuthService implements AuthService {
  private final String id;
  private final LocalPasswordCheck check;

  PasswordAuthService(String id, LocalPasswordCheck check) {
    this.id = id;
    this.check = check;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String type() {
    return "password";
  }

  @Override
  public String name() {
    return "Username and password";
  }

  @Override
  public List<AuthParameter> parameters() {
    return List.of(AuthParameter.text("username"), AuthParameter.secret("password"));
  }

  @Override
  public Result authenticate(Realm realm, Map<String, String> parameters) {
    Optional<OAuthError> missing = AuthServices.missing(this, parameters);
    if (missing.isPresent()) {
      return new Result.Failed(missing.get());
    }
    LocalPasswordCheck.Result r = check.check(realm, parameters.get("username"), parameters.get("password"));
    return r.error() == null ? new Result.Authenticated(r.user().get()) : new Result.Failed(r.error());
  }

  @Override
  public Optional<OAuthError> recheck(Realm realm, User user) {
    return Optional.empty();
  }
}
