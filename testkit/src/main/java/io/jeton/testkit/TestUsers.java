package io.jeton.testkit;

import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import io.jeton.core.user.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** User fixtures: {@code TestUsers.user(realm).username("alice").roles("admin").build()}. */
public final class TestUsers {
  private final RealmName realm;
  private UserId id = UserId.of(UUID.randomUUID().toString());
  private String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
  private Optional<String> passwordHash = Optional.of("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo");
  private boolean enabled = true;
  private final List<String> roles = new ArrayList<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();

  private TestUsers(RealmName realm) {
    this.realm = realm;
  }

  /** An enabled user with a random id and username and a (fake) password hash. */
  public static TestUsers user(RealmName realm) {
    return new TestUsers(realm);
  }

  public TestUsers id(String value) {
    this.id = UserId.of(value);
    return this;
  }

  public TestUsers username(String value) {
    this.username = value;
    return this;
  }

  public TestUsers passwordHash(String value) {
    this.passwordHash = Optional.of(value);
    return this;
  }

  public TestUsers noPassword() {
    this.passwordHash = Optional.empty();
    return this;
  }

  public TestUsers disabled() {
    this.enabled = false;
    return this;
  }

  public TestUsers roles(String... values) {
    this.roles.addAll(List.of(values));
    return this;
  }

  public TestUsers attribute(String name, String value) {
    this.attributes.put(name, value);
    return this;
  }

  public User build() {
    return new User(realm, id, username, passwordHash, enabled, roles, attributes);
  }
}
