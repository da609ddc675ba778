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
   */
  public record ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
      Optional<String> certificateSubject, boolean publicClient, int rateLimit, Optional<String> jwks,
      List<String> resources) {
    public ClientImport {
      jwks = jwks == null ? Optional.empty() : jwks;
      resources = resources == null ? List.of() : List.copyOf(resources);
      secret = secret == null ? Optional.empty() : secret;
      grants = grants == null ? Set.of() : Set.copyOf(grants);
      scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
      certificateSubject = certificateSubject == null ? Optional.empty() : certificateSubject;
    }

    /** A client built in code: public exactly when it has no secret. */
    public ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
        Optional<String> certificateSubject) {
      this(id, secret, grants, scopes, certificateSubject, secret == null || secret.isEmpty(), 0);
    }

    /** Without a JWK Set or resources. */
    public ClientImport(String id, Optional<String> secret, Set<String> grants, Set<String> scopes,
        Optional<String> certificateSubject, boolean publicClient, int rateLimit) {
      this(id, secret, grants, scopes, certificateSubject, publicClient, rateLimit, Optional.empty(), List.of());
    }
  }

  public record UserImport(String username, Optional<String> password, boolean enabled, List<String> roles,
      Map<String, String> attributes) {
    public UserImport {
      password = password == null ? Optional.empty() : password;
      roles = roles == null ? List.of() : List.copyOf(roles);
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
  }
}
