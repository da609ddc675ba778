package io.jeton.core.grant;

import io.jeton.core.Caller;
import io.jeton.core.dpop.DpopProof;
import io.jeton.core.realm.Realm;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request for tokens, as a dialect hands it to core ({@link io.jeton.core.Engine#token}): the
 * realm, the caller core made, and the grant's own fields, named. Who may do what is decided in
 * core from the caller, whichever dialect sent the command.
 */
public sealed interface TokenCommand {
  Realm realm();

  Caller caller();

  /** The request's DPoP proof (RFC 9449), for the grants that take one; empty for none. */
  default Optional<DpopProof> dpop() {
    return Optional.empty();
  }

  /** RFC 6749 section 4.4: only for an authenticated confidential client. */
  record ClientCredentials(Realm realm, Caller caller, Optional<String> scope, List<String> resources,
      Optional<DpopProof> dpop) implements TokenCommand {
    public ClientCredentials {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(caller, "caller");
      scope = scope == null ? Optional.empty() : scope;
      resources = resources == null ? List.of() : List.copyOf(resources);
      dpop = dpop == null ? Optional.empty() : dpop;
    }

    /** Without resource indicators. */
    public ClientCredentials(Realm realm, Caller caller, Optional<String> scope) {
      this(realm, caller, scope, List.of());
    }

    /** Without a DPoP proof. */
    public ClientCredentials(Realm realm, Caller caller, Optional<String> scope, List<String> resources) {
      this(realm, caller, scope, resources, Optional.empty());
    }
  }

  /**
   * RFC 6749 section 4.3 with the realm's first authentication service: only for an
   * authenticated confidential client.
   */
  record Password(Realm realm, Caller caller, UserCredentials user, Optional<String> scope, List<String> resources,
      Optional<DpopProof> dpop) implements TokenCommand {
    public Password {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(user, "user");
      scope = scope == null ? Optional.empty() : scope;
      resources = resources == null ? List.of() : List.copyOf(resources);
      dpop = dpop == null ? Optional.empty() : dpop;
    }

    /** Without resource indicators. */
    public Password(Realm realm, Caller caller, UserCredentials user, Optional<String> scope) {
      this(realm, caller, user, scope, List.of());
    }

    /** Without a DPoP proof. */
    public Password(Realm realm, Caller caller, UserCredentials user, Optional<String> scope, List<String> resources) {
      this(realm, caller, user, scope, resources, Optional.empty());
    }
  }

  /**
   * A login with the parameters of one of the realm's authentication services (AGS signon,
   * Amino login); an empty {@code authService} is the realm's first.
   */
  record Login(Realm realm, Caller caller, Optional<String> authService, Map<String, String> parameters)
      implements TokenCommand {
    public Login {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(caller, "caller");
      authService = authService == null ? Optional.empty() : authService;
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
  }

  /**
   * RFC 6749 section 6; {@code expected} holds what a dialect re-checks about the session (AGS:
   * the authentication service and the username), {@link Expectations#NONE} elsewhere.
   */
  record Refresh(Realm realm, Caller caller, String refreshToken, Optional<String> scope, Expectations expected,
      List<String> resources, Optional<DpopProof> dpop) implements TokenCommand {
    public Refresh {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(refreshToken, "refreshToken");
      scope = scope == null ? Optional.empty() : scope;
      expected = expected == null ? Expectations.NONE : expected;
      resources = resources == null ? List.of() : List.copyOf(resources);
      dpop = dpop == null ? Optional.empty() : dpop;
    }

    /** Without resource indicators: the session's own audience. */
    public Refresh(Realm realm, Caller caller, String refreshToken, Optional<String> scope, Expectations expected) {
      this(realm, caller, refreshToken, scope, expected, List.of());
    }

    /** Without a DPoP proof. */
    public Refresh(Realm realm, Caller caller, String refreshToken, Optional<String> scope, Expectations expected,
        List<String> resources) {
      this(realm, caller, refreshToken, scope, expected, resources, Optional.empty());
    }

    /** A plain refresh: no scope narrowing, no re-checks. */
    public static Refresh of(Realm realm, Caller caller, String refreshToken) {
      return new Refresh(realm, caller, refreshToken, Optional.empty(), Expectations.NONE);
    }
  }

  /**
   * RFC 6749 section 4.1.3 with PKCE (RFC 7636 section 4.5): the code, the redirect URI of the
   * authorization request and the code verifier.
   */
  record AuthorizationCode(Realm realm, Caller caller, String code, Optional<String> redirectUri,
      Optional<String> codeVerifier, Optional<DpopProof> dpop) implements TokenCommand {
    public AuthorizationCode {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(code, "code");
      redirectUri = redirectUri == null ? Optional.empty() : redirectUri;
      codeVerifier = codeVerifier == null ? Optional.empty() : codeVerifier;
      dpop = dpop == null ? Optional.empty() : dpop;
    }
  }

  /** A resource owner's username and password, kept apart so that the two cannot be swapped. */
  record UserCredentials(String username, String password) {
    public UserCredentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    public static UserCredentials of(String username, String password) {
      return new UserCredentials(username, password);
    }

    @Override
    public String toString() {
      return "UserCredentials[" + username + "]";
    }
  }

  /** What a dialect's refresh re-checks about the session (AGS). */
  record Expectations(Optional<String> authService, Optional<String> username) {
    public static final Expectations NONE = new Expectations(Optional.empty(), Optional.empty());

    public Expectations {
      authService = authService == null ? Optional.empty() : authService;
      username = username == null ? Optional.empty() : username;
    }
  }
}
