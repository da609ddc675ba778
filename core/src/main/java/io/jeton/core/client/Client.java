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
 * @param rateLimit token requests per second this client may make on one node (SPEC 7, client key
 *     {@code rateLimit}); beyond it 429 with {@code Retry-After}; 0 = no limit
 * @param jwks the client's public JWK Set as JSON (client key {@code jwks}), whose keys may sign its
 *     {@code private_key_jwt} assertions (RFC 7523 section 2.2); empty when it has none
 * @param resources the resource indicators (RFC 8707) it may ask tokens for (client key {@code
 *     resources}): absolute URIs that become the access token's {@code aud}
 */
public record Client(
    RealmName realm,
    ClientId id,
    Optional<String> secretHash,
    Set<GrantType> grants,
    Set<String> scopes,
    Optional<String> certificateSubject,
    int rateLimit,
    Optional<String> jwks,
    Set<String> resources) {
  /** The largest {@link #rateLimit} accepted. */
  public static final int MAX_RATE_LIMIT = 1_000_000;

  public Client {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(id, "id");
    secretHash = secretHash == null ? Optional.empty() : secretHash;
    grants = grants == null ? Set.of() : Set.copyOf(grants);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    certificateSubject = certificateSubject == null ? Optional.empty() : certificateSubject;
    jwks = jwks == null ? Optional.empty() : jwks;
    resources = resources == null ? Set.of() : Set.copyOf(resources);
    if (rateLimit < 0 || rateLimit > MAX_RATE_LIMIT) {
      throw new IllegalArgumentException("rateLimit must be 0 (none) to " + MAX_RATE_LIMIT + " requests per second, got "
          + rateLimit);
    }
  }

  /** A client without a secret or a JWK Set, as before {@code jwks} and {@code resources} existed. */
  public Client(RealmName realm, ClientId id, Optional<String> secretHash, Set<GrantType> grants, Set<String> scopes,
      Optional<String> certificateSubject, int rateLimit) {
    this(realm, id, secretHash, grants, scopes, certificateSubject, rateLimit, Optional.empty(), Set.of());
  }

  /** Public: it has no credential to prove, neither a secret nor a registered JWK Set. */
  public boolean isPublic() {
    return secretHash.isEmpty() && jwks.isEmpty();
  }

  public boolean allows(GrantType grant) {
    return grants.contains(grant);
  }
}
