package io.jeton.core.admin;

import io.jeton.core.realm.Realm;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One realm of an import file (SPEC section 5) with its clients and users, secrets and passwords
 * still in clear: {@link Directory} hashes them before anything is stored.
 */
public record RealmImport(Realm realm, List<ClientImport> clients, List<UserImport> users) {
  public RealmImport {
    Objects.requireNonNull(realm, "realm");
    clients = clients == null ? List.of() : List.copyOf(clients);
    users = users == null ? List.of() : List.copyOf(users);
  }

  /**
   * @param secret empty for a public client
   * @param publicClient the import says {@code public: true}: a client with no secret must say so
   *     (review M2: an omitted secret no longer silently makes a public client)
   * @param rateLimit token requests per second on one node, 0 = none ({@link io.jeton.core.client.Client#rateLimit})
   * @param jwks the client's public JWK Set as JSON, for {@code private_key_jwt} (RFC 7523); private
   *     keys are refused at import
   * @param resources the resource indicators (RFC 8707) the client may ask for
   * @param certificate PEM of the client's self-signed certificate (RFC 8705 section 2.2)
   * @param authMethods wire names of the methods the client may use; empty: the defaults
   * @param certificateBoundTokens bind its tokens to the certificate it presents (RFC 8705 section 3)
   * @param redirectUris exact redirect URIs of its authorization requests (SPEC 9)
   * @param postLogoutRedirectUris where its logout requests may send the browser (SPEC 9)
   * @param secretHash the secret as stored already ({@code secretHash:} of an export), instead of
   *     {@code secret}: kept as it is, so it matches only under the same master key
   */
  public record ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
      Optional<String> certificateSubject, boolean publicClient, int rateLimit, Optional<String> jwks,
      List<String> resources, Optional<String> certificate, List<String> authMethods,
      boolean certificateBoundTokens, List<String> redirectUris, List<String> postLogoutRedirectUris,
      Optional<String> secretHash) {
    public ClientImport {
      secretHash = secretHash == null ? Optional.empty() : secretHash;
      redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
      postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
      jwks = jwks == null ? Optional.empty() : jwks;
      resources = resources == null ? List.of() : List.copyOf(resources);
      secret = secret == null ? Optional.empty() : secret;
      grants = grants == null ? Set.of() : Set.copyOf(grants);
      scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
      certificateSubject = certificateSubject == null ? Optional.empty() : certificateSubject;
      certificate = certificate == null ? Optional.empty() : certificate;
      authMethods = authMethods == null ? List.of() : List.copyOf(authMethods);
    }

    /** With no stored hash: the secret, if any, is in clear. */
    public ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
        Optional<String> certificateSubject, boolean publicClient, int rateLimit, Optional<String> jwks,
        List<String> resources, Optional<String> certificate, List<String> authMethods,
        boolean certificateBoundTokens, List<String> redirectUris, List<String> postLogoutRedirectUris) {
      this(id, secret, grants, scopes, certificateSubject, publicClient, rateLimit, jwks, resources, certificate,
          authMethods, certificateBoundTokens, redirectUris, postLogoutRedirectUris, Optional.empty());
    }

    /** Whether it has a secret, in clear or as a stored hash. */
    public boolean hasSecret() {
      return secret.isPresent() || secretHash.isPresent();
    }

    /** Whether the client can authenticate with a TLS client certificate (RFC 8705 section 2). */
    public boolean hasCertificateCredentials() {
      return certificateSubject.isPresent() || certificate.isPresent();
    }

    /** Without redirect URIs. */
    public ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
        Optional<String> certificateSubject, boolean publicClient, int rateLimit, Optional<String> jwks,
        List<String> resources, Optional<String> certificate, List<String> authMethods,
        boolean certificateBoundTokens) {
      this(id, secret, grants, scopes, certificateSubject, publicClient, rateLimit, jwks, resources, certificate,
          authMethods, certificateBoundTokens, List.of(), List.of());
    }

    /** The same client with these redirect URIs (SPEC 9). */
    public ClientImport withRedirectUris(List<String> redirect, List<String> postLogout) {
      return new ClientImport(id, secret, grants, scopes, certificateSubject, publicClient, rateLimit, jwks,
          resources, certificate, authMethods, certificateBoundTokens, redirect, postLogout, secretHash);
    }

    /** A client built in code: public exactly when it has no secret. */
    public ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
        Optional<String> certificateSubject) {
      this(id, secret, grants, scopes, certificateSubject, secret == null || secret.isEmpty(), 0);
    }

    /** Without a JWK Set, resources or certificate settings. */
    public ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
        Optional<String> certificateSubject, boolean publicClient, int rateLimit) {
      this(id, secret, grants, scopes, certificateSubject, publicClient, rateLimit, Optional.empty(), List.of(),
          Optional.empty(), List.of(), false);
    }
  }

  /**
   * @param passwordHash the password as stored already ({@code passwordHash:} of an export, an
   *     Argon2id PHC string), instead of {@code password}
   * @param id the user's id (the {@code sub} of its tokens) for a new user, as an export keeps it;
   *     an existing user keeps its own, and without one a new user gets a random UUID
   */
  public record UserImport(String username, Optional<String> password, boolean enabled, List<String> roles,
      Map<String, String> attributes, Optional<String> passwordHash, Optional<String> id) {
    public UserImport {
      id = id == null ? Optional.empty() : id;
      password = password == null ? Optional.empty() : password;
      passwordHash = passwordHash == null ? Optional.empty() : passwordHash;
      roles = roles == null ? List.of() : List.copyOf(roles);
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** With the password, if any, in clear. */
    public UserImport(String username, Optional<String> password, boolean enabled, List<String> roles,
        Map<String, String> attributes) {
      this(username, password, enabled, roles, attributes, Optional.empty(), Optional.empty());
    }
  }
}
