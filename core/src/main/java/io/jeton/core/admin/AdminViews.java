package io.jeton.core.admin;

import io.jeton.core.client.Client;
import io.jeton.core.client.GrantType;
import io.jeton.core.user.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments and results of {@link Admin}'s operations: plain records that the CLI prints and
 * the admin API renders. Results hold no secret and no hash of one.
 */
public final class AdminViews {
  private AdminViews() {}

  /**
   * One page of a listing and the cursor of the next one: {@code next} is the key of the last
   * item, to pass as {@code after}, when more may follow; empty on the last page.
   */
  public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /**
   * The settings of a new realm ({@code realm create}); an empty one takes the default of SPEC 1.
   *
   * @param signingAlgorithm {@code ES256}, {@code RS256}, {@code EdDSA} or {@code HS256}
   * @param accessTokenTyp {@code at+jwt} or {@code JWT}
   */
  public record RealmSettings(Optional<String> issuerName, Optional<String> audience, Optional<Long> accessTokenTtl,
      Optional<Long> refreshTokenTtl, Optional<Long> sessionMaxTtl, Optional<Long> refreshReuseGrace,
      Optional<String> signingAlgorithm, Optional<Integer> maxSessionsPerUser, Optional<String> accessTokenTyp) {
    /** Every setting at its default. */
    public static RealmSettings defaults() {
      return new RealmSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /**
   * A new client ({@code client create}). A confidential client gets a generated secret; with no
   * grant given, a confidential client may use {@code client_credentials} and a public one {@code
   * authorization_code} and {@code refresh_token}.
   *
   * @param grants wire names ({@code client_credentials})
   */
  public record ClientSpec(String id, List<String> grants, List<String> scopes, boolean publicClient,
      List<String> redirectUris) {
    public ClientSpec {
      grants = grants == null ? List.of() : List.copyOf(grants);
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
      redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
    }
  }

  /** A new user ({@code user create}); without a password it can sign in only through another service (LDAP). */
  public record UserSpec(String username, Optional<String> password, boolean enabled, List<String> roles,
      Map<String, String> attributes) {
    public UserSpec {
      password = password == null ? Optional.empty() : password;
      roles = roles == null ? List.of() : List.copyOf(roles);
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
  }

  /** A client as an operator sees it: everything but its secret hash. */
  public record ClientView(String realm, String id, boolean publicClient, List<String> grants, List<String> scopes,
      List<String> redirectUris, List<String> postLogoutRedirectUris, Optional<String> certificateSubject,
      List<String> resources, int rateLimit) {
    static ClientView of(Client c) {
      return new ClientView(c.realm().value(), c.id().value(), c.isPublic(),
          c.grants().stream().map(GrantType::wire).sorted().toList(), c.scopes().stream().sorted().toList(),
          c.redirectUris(), c.postLogoutRedirectUris(), c.certificateSubject(),
          c.resources().stream().sorted().toList(), c.rateLimit());
    }
  }

  /**
   * A client just created or given a new secret, with that secret: shown once, stored only as a hash.
   *
   * @param secret empty for a public client
   */
  public record CreatedClient(ClientView client, Optional<String> secret) {
    @Override
    public String toString() {
      return "CreatedClient[client=" + client + ", secret=" + (secret.isPresent() ? "(hidden)" : "none") + "]";
    }
  }

  /** A user as an operator sees it: whether it has a password, never its hash. */
  public record UserView(String realm, String id, String username, boolean enabled, boolean hasPassword,
      List<String> roles, Map<String, String> attributes) {
    static UserView of(User u) {
      return new UserView(u.realm().value(), u.id().value(), u.username(), u.enabled(), u.passwordHash().isPresent(),
          u.roles(), u.attributes());
    }
  }

  /** A live session with its user's name (empty when the user is gone). */
  public record SessionView(io.jeton.core.session.Session session, Optional<String> username) {}

  /** Which sessions {@code sessions revoke} ended, by id. */
  public record Revoked(List<String> sessionIds) {
    public Revoked {
      sessionIds = List.copyOf(sessionIds);
    }
  }

  /**
   * Receives an export realm by realm ({@link Admin#export}): the realm, then each of its clients,
   * then each of its users, page by page, so that an export of any size needs little memory.
   * Clients and users carry their secret and password hashes, never plaintext.
   */
  public interface ExportSink {
    void realm(io.jeton.core.realm.Realm realm);

    void client(Client client);

    void user(User user);

    /** After the last user of the realm. */
    void endRealm();
  }
}
