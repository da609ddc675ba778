package io.jeton.core.admin;

import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.client.GrantType;
import io.jeton.core.crypto.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies realm imports idempotently: realms and clients are replaced by name and id, users are
 * matched by username and keep their id; secrets and passwords are hashed before they are stored.
 * Importing the same file twice leaves the same state (a password already matching its stored
 * hash is not re-hashed). The writes are the engine's ({@link Engine#importRealm}, done by {@link
 * RealmImporter}): this class needs nothing of the engine's internals.
 */
public final class Directory {
  /** How a client secret hash of an export begins ({@link io.jeton.core.client.SecretHasher}). */
  static final String SECRET_HASH_PREFIX = "hmac-sha256$";
  /** How a password hash of an export begins ({@link io.jeton.core.user.PasswordHasher}). */
  static final String PASSWORD_HASH_PREFIX = "$argon2id$";

  private final Engine engine;

  public Directory(Engine engine) {
    this.engine = engine;
  }

  /** Every problem of the import at once (empty when it is valid). */
  public static List<String> validate(RealmImport in) {
    List<String> problems = new ArrayList<>();
    String r = "realm '" + in.realm().name() + "'";
    Set<String> ids = new java.util.HashSet<>();
    for (RealmImport.ClientImport c : in.clients()) {
      if (c.id() == null || c.id().isBlank() || !ClientId.isValid(c.id())) {
        problems.add(r + ": a client needs an id of 1 to " + ClientId.MAX_LENGTH
            + " characters, none a control character");
        continue;
      }
      if (!ids.add(c.id())) {
        problems.add(r + ": client '" + c.id() + "' appears twice");
      }
      for (String g : c.grants()) {
        Optional<GrantType> grant = GrantType.fromWire(g);
        if (grant.isEmpty()) {
          problems.add(r + ": client '" + c.id() + "': unknown grant '" + g + "'");
        } else if (grant.get() == GrantType.AUTHORIZATION_CODE && c.redirectUris().isEmpty()) {
          problems.add(r + ": client '" + c.id() + "': grant 'authorization_code' needs at least one of"
              + " `redirectUris`");
        }
      }
      for (String u : c.redirectUris()) {
        redirectProblem(u).ifPresent(p -> problems.add(r + ": client '" + c.id() + "': redirectUris: " + p));
      }
      for (String u : c.postLogoutRedirectUris()) {
        redirectProblem(u).ifPresent(p -> problems.add(r + ": client '" + c.id() + "': postLogoutRedirectUris: "
            + p));
      }
      if (c.secret().isPresent() && c.secretHash().isPresent()) {
        problems.add(r + ": client '" + c.id() + "': give `secret` or `secretHash`, not both");
      } else if (c.secretHash().isPresent() && !c.secretHash().get().startsWith(SECRET_HASH_PREFIX)) {
        problems.add(r + ": client '" + c.id() + "': secretHash must be a hash exported by Jeton ("
            + SECRET_HASH_PREFIX + "...)");
      } else if (c.secret().isPresent() && c.secret().get().isEmpty()) {
        problems.add(r + ": client '" + c.id() + "': secret must not be empty (set `public: true` for a public"
            + " client)");
      } else if (c.hasSecret() && c.publicClient()) {
        problems.add(r + ": client '" + c.id() + "': a public client has no secret; remove the secret or"
            + " `public: true`");
      } else if (c.jwks().isPresent() && c.publicClient()) {
        problems.add(r + ": client '" + c.id() + "': a public client has no jwks; remove the jwks or"
            + " `public: true`");
      } else if (!c.hasSecret() && c.jwks().isEmpty() && !c.publicClient() && !c.hasCertificateCredentials()) {
        problems.add(r + ": client '" + c.id() + "': no secret; give one (it is hashed on import), or set"
            + " `public: true` for a public client");
      } else if (c.publicClient() && c.hasCertificateCredentials()) {
        problems.add(r + ": client '" + c.id() + "': a public client proves nothing; remove `public: true` or"
            + " its certificate settings");
      }
      c.certificate().ifPresent(pem -> {
        try {
          io.jeton.core.client.ClientCertificate.fromPem(pem);
        } catch (IllegalArgumentException e) {
          problems.add(r + ": client '" + c.id() + "': certificate: " + e.getMessage());
        }
      });
      for (String m : c.authMethods()) {
        Optional<io.jeton.core.client.ClientCredentials.Method> method =
            io.jeton.core.client.ClientCredentials.Method.fromWire(m);
        if (method.isEmpty() || method.get() == io.jeton.core.client.ClientCredentials.Method.PRIVATE_KEY_JWT) {
          problems.add(r + ": client '" + c.id() + "': authMethods: unknown or unsupported method '" + m
              + "' (client_secret_basic, client_secret_post, tls_client_auth, self_signed_tls_client_auth, none)");
        } else if (method.get() == io.jeton.core.client.ClientCredentials.Method.TLS_CLIENT_AUTH
            && c.certificateSubject().isEmpty()) {
          problems.add(r + ": client '" + c.id() + "': authMethods: tls_client_auth needs a certificateSubject");
        } else if (method.get() == io.jeton.core.client.ClientCredentials.Method.SELF_SIGNED_TLS_CLIENT_AUTH
            && c.certificate().isEmpty()) {
          problems.add(r + ": client '" + c.id() + "': authMethods: self_signed_tls_client_auth needs a certificate");
        } else if (method.get().isSecret() && !c.hasSecret()) {
          problems.add(r + ": client '" + c.id() + "': authMethods: " + m + " needs a secret");
        }
      }
      if (c.jwks().isPresent()) {
        io.jeton.core.keys.PublicJwks.problems(c.jwks().get())
            .forEach(p -> problems.add(r + ": client '" + c.id() + "': " + p));
      }
      for (String res : c.resources()) {
        io.jeton.core.grant.Resources.problem(res)
            .ifPresent(p -> problems.add(r + ": client '" + c.id() + "': resources: " + p));
      }
    }

    Set<String> services = new java.util.HashSet<>();
    for (var ref : in.realm().authServices()) {
      if (!services.add(ref.id())) {
        problems.add(r + ": auth service '" + ref.id() + "' appears twice");
      }
      io.jeton.core.auth.AuthServices.problem(ref).ifPresent(p -> problems.add(r + ": " + p));
    }
    Set<String> names = new java.util.HashSet<>();
    for (RealmImport.UserImport u : in.users()) {
      if (u.username() == null || u.username().isBlank() || !io.jeton.core.user.User.isUsername(u.username())) {
        problems.add(r + ": a user needs a username of 1 to 255 characters, none a control character");
        continue;
      }
      if (!names.add(u.username())) {
        problems.add(r + ": user '" + u.username() + "' appears twice");
      }
      if (u.id().isPresent()) {
        try {
          new io.jeton.core.UserId(u.id().get());
        } catch (IllegalArgumentException e) {
          problems.add(r + ": user '" + u.username() + "': id: " + e.getMessage());
        }
      }
      if (u.password().isPresent() && u.passwordHash().isPresent()) {
        problems.add(r + ": user '" + u.username() + "': give `password` or `passwordHash`, not both");
      } else if (u.passwordHash().isPresent() && !u.passwordHash().get().startsWith(PASSWORD_HASH_PREFIX)) {
        problems.add(r + ": user '" + u.username() + "': passwordHash must be an Argon2id hash ("
            + PASSWORD_HASH_PREFIX + "...)");
      }
    }
    return problems;
  }

  /** Validates {@code in} and stores it (through {@link io.jeton.core.Engine#importRealm}). */
  public void apply(RealmImport in) {
    engine.importRealm(in);
  }

  /** A new high-entropy client secret, to be shown once. */
  public static String generateSecret() {
    return Tokens.random(32);
  }

  /**
   * Why {@code uri} cannot be a registered redirect URI (RFC 6749 section 3.1.2: absolute, no
   * fragment; RFC 9700 section 2.1: compared exactly, so no wildcard either), or empty.
   */
  static Optional<String> redirectProblem(String uri) {
    if (uri == null || uri.isEmpty() || uri.length() > 2048) {
      return Optional.of("a redirect URI is 1 to 2048 characters");
    }
    try {
      java.net.URI u = new java.net.URI(uri);
      if (!u.isAbsolute() || u.isOpaque() || u.getRawFragment() != null) {
        return Optional.of("'" + uri + "' must be an absolute URI without a fragment");
      }
      if (uri.contains("*")) {
        return Optional.of("'" + uri + "' must not hold a wildcard: redirect URIs are compared exactly");
      }
      String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (scheme.equals("javascript") || scheme.equals("data") || scheme.equals("vbscript")) {
        return Optional.of("'" + uri + "': scheme '" + scheme + "' is not allowed");
      }
    } catch (java.net.URISyntaxException e) {
      return Optional.of("'" + uri + "' is not a URI");
    }
    return Optional.empty();
  }
}
