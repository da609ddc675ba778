package io.jeton.core.admin;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.UserId;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.client.GrantType;
import io.jeton.core.client.SecretHasher;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.user.PasswordHasher;
import io.jeton.core.user.User;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Stores a realm import, hashing secrets and passwords first (the work behind {@link
 * Directory#apply}). The engine builds it with the stores and hashers, so that nothing outside
 * core needs the engine's internals.
 */
public final class RealmImporter {
  /** What the engine forgets after an import. */
  public interface Caches {
    void invalidateClient(RealmName realm, ClientId id);

    void invalidateDirectory();
  }

  private final Stores stores;
  private final SecretHasher secrets;
  private final PasswordHasher passwords;
  private final Caches caches;

  public RealmImporter(Stores stores, SecretHasher secrets, PasswordHasher passwords, Caches caches) {
    this.stores = stores;
    this.secrets = secrets;
    this.passwords = passwords;
    this.caches = caches;
  }

  /** @throws IllegalArgumentException with every problem of {@link Directory#validate}, before any write */
  public void apply(RealmImport in) {
    List<String> problems = Directory.validate(in);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    stores.realms().upsert(in.realm());
    // a longer access-token lifetime keeps retired keys published longer (SPEC 10): a token signed
    // just before a retirement may now outlive the deletion time set at the rotation
    stores.keys().extendRetention(in.realm().name(), stores.realms().longestAccessTokenTtl(in.realm().name())
        .orElse(in.realm().accessTokenTtl()).plus(KeyRing.SKEW));
    for (RealmImport.ClientImport c : in.clients()) {
      Client client = client(in.realm().name(), c, secrets);
      stores.clients().upsert(client);
      caches.invalidateClient(in.realm().name(), client.id());
    }
    for (RealmImport.UserImport u : in.users()) {
      Optional<User> existing = stores.users().findByUsername(in.realm().name(), u.username());
      UserId id = existing.map(User::id).or(() -> u.id().map(UserId::new))
          .orElseGet(() -> new UserId(java.util.UUID.randomUUID().toString()));
      Optional<String> hash = u.passwordHash();
      if (u.password().isPresent()) {
        Optional<String> old = existing.flatMap(User::passwordHash);
        hash = old.isPresent() && passwords.verify(u.password().get(), old.get())
            ? old
            : Optional.of(passwords.hash(u.password().get()));
      }
      stores.users().upsert(new User(in.realm().name(), id, u.username(), hash, u.enabled(), u.roles(), u.attributes()));
    }
    caches.invalidateDirectory();
  }

  /** The client to store for a validated import: its secret hashed, or its stored hash kept. */
  static Client client(RealmName realm, RealmImport.ClientImport c, SecretHasher secrets) {
    EnumSet<GrantType> grants = EnumSet.noneOf(GrantType.class);
    c.grants().forEach(g -> grants.add(GrantType.fromWire(g).orElseThrow()));
    return new Client(realm, new ClientId(c.id()), c.secret().map(secrets::hash).or(c::secretHash), grants, c.scopes(),
        c.certificateSubject(), c.rateLimit(), c.jwks(), java.util.Set.copyOf(c.resources()), c.certificate(),
        c.authMethods().stream().map(m -> ClientCredentials.Method.fromWire(m).orElseThrow())
            .collect(java.util.stream.Collectors.toSet()), c.certificateBoundTokens(),
        c.redirectUris(), c.postLogoutRedirectUris());
  }
}
