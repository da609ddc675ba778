package io.jeton.core.client;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An application calling Jeton (SPEC section 1). A confidential client has a secret, stored only
 * as a keyed hash; a public client has none and may use only PKCE flows.
 *
 * @param secretHash the keyed hash of the secret ({@link SecretHasher}), empty for a public client
 * @param certificateSubject if present, the TLS client certificate subject this client must show
 */
public record Client(
    RealmName realm,
    ClientId id,
    Optional<String> secretHash,
    Set<GrantType> grants,
    Set<String> scopes,
    Optional<String> certificateSubject) {

  public Client {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(id, "id");
    secretHash = secretHash == null ? Optional.empty() : secretHash;
    grants = grants == null ? Set.of() : Set.copyOf(grants);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    certificateSubject = certificateSubject == null ? Optional.empty() : certificateSubject;
  }

  public boolean isPublic() {
    return secretHash.isEmpty();
  }

  public boolean allows(GrantType grant) {
    return grants.contains(grant);
  }
}
