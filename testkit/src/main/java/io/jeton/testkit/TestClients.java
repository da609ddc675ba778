package io.jeton.testkit;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.client.Client;
import io.jeton.core.client.GrantType;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Client fixtures: {@code TestClients.confidential(realm).scopes("a", "b").build()}. */
public final class TestClients {
  private final RealmName realm;
  private ClientId id = ClientId.of("app");
  private Optional<String> secretHash;
  private final Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
  private final Set<String> scopes = new LinkedHashSet<>();
  private Optional<String> certificateSubject = Optional.empty();
  private int rateLimit;
  private Optional<String> jwks = Optional.empty();
  private final Set<String> resources = new LinkedHashSet<>();

  private TestClients(RealmName realm, Optional<String> secretHash) {
    this.realm = realm;
    this.secretHash = secretHash;
  }

  /** A confidential client {@code app} with a (fake) secret hash and every grant but authorization_code. */
  public static TestClients confidential(RealmName realm) {
    TestClients b = new TestClients(realm, Optional.of(TestTokens.secretHash()));
    b.grants.addAll(List.of(GrantType.PASSWORD, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS));
    return b;
  }

  /** A public client {@code app} (no secret) allowed the password and refresh grants. */
  public static TestClients publicClient(RealmName realm) {
    TestClients b = new TestClients(realm, Optional.empty());
    b.grants.addAll(List.of(GrantType.PASSWORD, GrantType.REFRESH_TOKEN));
    return b;
  }

  public TestClients id(String value) {
    this.id = ClientId.of(value);
    return this;
  }

  public TestClients secretHash(String value) {
    this.secretHash = Optional.of(value);
    return this;
  }

  /** Replaces the grants. */
  public TestClients grants(GrantType... values) {
    this.grants.clear();
    this.grants.addAll(List.of(values));
    return this;
  }

  public TestClients scopes(String... values) {
    this.scopes.addAll(List.of(values));
    return this;
  }

  public TestClients certificateSubject(String value) {
    this.certificateSubject = Optional.of(value);
    return this;
  }

  /** Token requests per second (0 = none). */
  public TestClients rateLimit(int value) {
    this.rateLimit = value;
    return this;
  }

  /** The registered public JWK Set, as JSON (private_key_jwt, RFC 7523). */
  public TestClients jwks(String json) {
    this.jwks = Optional.of(json);
    return this;
  }

  /** Resource indicators the client may ask for (RFC 8707). */
  public TestClients resources(String... values) {
    this.resources.addAll(List.of(values));
    return this;
  }

  public Client build() {
    return new Client(realm, id, secretHash, grants, scopes, certificateSubject, rateLimit, jwks, resources);
  }
}
