package io.jeton.core.client;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An application calling Jeton (SPEC section 1). A confidential client has a secret, stored only
 * as a keyed hash; a public client has none and may use only PKCE flows.
 *
 * @param secretHash the keyed hash of the secret ({@link SecretHasher}), empty for a public client
 * @param certificateSubject if present, the subject DN of the CA-issued TLS client certificate this
 *     client must show (RFC 8705 section 2.1, {@code tls_client_auth}); with a secret, both are needed
 * @param rateLimit token requests per second this client may make on one node (SPEC 7, client key
 *     {@code rateLimit}); beyond it 429 with {@code Retry-After}; 0 = no limit
 * @param jwks the client's public JWK Set as JSON (client key {@code jwks}), whose keys may sign its
 *     {@code private_key_jwt} assertions (RFC 7523 section 2.2); empty when it has none
 * @param resources the resource indicators (RFC 8707) it may ask tokens for (client key {@code
 *     resources}): absolute URIs that become the access token's {@code aud}
 * @param certificate the PEM of the self-signed certificate this client registered (RFC 8705
 *     section 2.2, {@code self_signed_tls_client_auth})
 * @param authMethods the authentication methods this client may use; empty: the defaults of
 *     {@link #allowedAuthMethods()}
 * @param certificateBoundTokens bind its access tokens to the TLS client certificate of the request
 *     whenever it presents one, however it authenticated (RFC 8705 section 3)
 * @param redirectUris the redirect URIs of its authorization requests (SPEC 9): a {@code
 *     redirect_uri} must equal one of them exactly (RFC 9700 section 2.1)
 * @param postLogoutRedirectUris where its logout requests may send the browser afterwards (SPEC 9)
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
    Set<String> resources,
    Optional<String> certificate,
    Set<ClientCredentials.Method> authMethods,
    boolean certificateBoundTokens,
    List<String> redirectUris,
    List<String> postLogoutRedirectUris) {
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
    certificate = certificate == null ? Optional.empty() : certificate;
    redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
    postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
    authMethods = authMethods == null || authMethods.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(authMethods));
    if (rateLimit < 0 || rateLimit > MAX_RATE_LIMIT) {
      throw new IllegalArgumentException("rateLimit must be 0 (none) to " + MAX_RATE_LIMIT + " requests per second, got "
          + rateLimit);
    }
  }

  /** A client without redirect URIs (no browser sign-in). */
  public Client(RealmName realm, ClientId id, Optional<String> secretHash, Set<GrantType> grants, Set<String> scopes,
      Optional<String> certificateSubject, int rateLimit, Optional<String> jwks, Set<String> resources,
      Optional<String> certificate, Set<ClientCredentials.Method> authMethods, boolean certificateBoundTokens) {
    this(realm, id, secretHash, grants, scopes, certificateSubject, rateLimit, jwks, resources, certificate,
        authMethods, certificateBoundTokens, List.of(), List.of());
  }

  /** A client with a secret or none, and no JWK Set or certificate settings. */
  public Client(RealmName realm, ClientId id, Optional<String> secretHash, Set<GrantType> grants, Set<String> scopes,
      Optional<String> certificateSubject, int rateLimit) {
    this(realm, id, secretHash, grants, scopes, certificateSubject, rateLimit, Optional.empty(), Set.of(),
        Optional.empty(), Set.of(), false);
  }

  /**
   * A client that can prove nothing (RFC 6749 section 2.1): no secret, no registered JWK Set and no
   * certificate settings.
   */
  public boolean isPublic() {
    return secretHash.isEmpty() && jwks.isEmpty() && certificateSubject.isEmpty() && certificate.isEmpty();
  }

  /**
   * The methods this client may authenticate with: {@link #authMethods} when set, else those its
   * credentials allow: the two secret methods with a secret, {@code private_key_jwt} with a JWK
   * Set, {@code tls_client_auth} with a certificate subject, {@code self_signed_tls_client_auth}
   * with a certificate, {@code none} for a public client.
   */
  public Set<ClientCredentials.Method> allowedAuthMethods() {
    if (!authMethods.isEmpty()) {
      return authMethods;
    }
    EnumSet<ClientCredentials.Method> m = EnumSet.noneOf(ClientCredentials.Method.class);
    if (secretHash.isPresent()) {
      m.add(ClientCredentials.Method.CLIENT_SECRET_BASIC);
      m.add(ClientCredentials.Method.CLIENT_SECRET_POST);
    }
    jwks.ifPresent(j -> m.add(ClientCredentials.Method.PRIVATE_KEY_JWT));
    certificateSubject.ifPresent(s -> m.add(ClientCredentials.Method.TLS_CLIENT_AUTH));
    certificate.ifPresent(s -> m.add(ClientCredentials.Method.SELF_SIGNED_TLS_CLIENT_AUTH));
    if (m.isEmpty()) {
      m.add(ClientCredentials.Method.NONE);
    }
    return m;
  }

  public boolean allows(GrantType grant) {
    return grants.contains(grant);
  }
}
