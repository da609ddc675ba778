package io.jeton.core.realm;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant: its own clients, users, signing keys, lifetimes and authentication services (SPEC
 * section 1). Its OAuth issuer is {@code {publicUrl}/realms/{name}}; {@link #issuerName} is only
 * what C1's {@code issuer} field shows.
 *
 * @param maxSessionsPerUser how many live sessions one user may hold in this realm (SPEC 7, seed
 *     003's {@code sessionControl}); a login beyond it revokes the user's oldest; 0 = no cap
 * @param dialectClients for each client-less dialect (AGS, Amino) by name, the client it acts as
 *     in this realm ({@code realms[].dialects}, SPEC 3 intro); a realm reached through a tenant
 *     header that names none here is unknown to that dialect
 * @param lockout the brute-force defence (SPEC 7): user lockout and client-failure limit
 * @param keyPolicy how its signing keys rotate (SPEC 10): the schedule and how long a new key is
 *     published before it signs
 * @param accessTokenTyp the {@code typ} header of its access tokens (SPEC 1): RFC 9068's {@code
 *     at+jwt} by default, {@code JWT} for resource servers that accept nothing else
 */
public record Realm(
    RealmName name,
    String issuerName,
    Optional<String> audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration sessionMaxTtl,
    Duration refreshReuseGrace,
    SigningAlgorithm signingAlgorithm,
    List<AuthServiceRef> authServices,
    int maxSessionsPerUser,
    Map<String, ClientId> dialectClients,
    LockoutPolicy lockout,
    KeyPolicy keyPolicy,
    AccessTokenTyp accessTokenTyp) {

  public static final Duration DEFAULT_ACCESS_TTL = Duration.ofSeconds(3600);
  public static final Duration DEFAULT_REFRESH_TTL = Duration.ofSeconds(604800);
  public static final Duration DEFAULT_SESSION_MAX_TTL = Duration.ofSeconds(2592000);
  public static final Duration DEFAULT_REUSE_GRACE = Duration.ofSeconds(10);
  /** The largest {@link #maxSessionsPerUser} accepted. */
  public static final int MAX_SESSIONS_PER_USER = 10_000;
  /** SPEC 7: the grace window "may not exceed 60 s" (review M1). */
  public static final Duration MAX_REUSE_GRACE = Duration.ofSeconds(60);

  public Realm {
    Objects.requireNonNull(name, "name");
    issuerName = issuerName == null || issuerName.isBlank() ? name.value() : issuerName;
    audience = audience == null ? Optional.empty() : audience.filter(a -> !a.isBlank());
    accessTokenTtl = positive(accessTokenTtl, DEFAULT_ACCESS_TTL, "accessTokenTtl");
    refreshTokenTtl = positive(refreshTokenTtl, DEFAULT_REFRESH_TTL, "refreshTokenTtl");
    sessionMaxTtl = positive(sessionMaxTtl, DEFAULT_SESSION_MAX_TTL, "sessionMaxTtl");
    refreshReuseGrace = refreshReuseGrace == null ? DEFAULT_REUSE_GRACE : refreshReuseGrace;
    if (refreshReuseGrace.isNegative()) {
      throw new IllegalArgumentException("refreshReuseGrace must not be negative");
    }
    if (refreshReuseGrace.compareTo(MAX_REUSE_GRACE) > 0) {
      throw new IllegalArgumentException("refreshReuseGrace must be at most " + MAX_REUSE_GRACE.toSeconds()
          + " s, got " + refreshReuseGrace.toSeconds() + " s");
    }
    signingAlgorithm = signingAlgorithm == null ? SigningAlgorithm.ES256 : signingAlgorithm;
    authServices =
        authServices == null || authServices.isEmpty()
            ? List.of(AuthServiceRef.password("password"))
            : List.copyOf(authServices);
    if (maxSessionsPerUser < 0 || maxSessionsPerUser > MAX_SESSIONS_PER_USER) {
      throw new IllegalArgumentException("maxSessionsPerUser must be 0 (no cap) to " + MAX_SESSIONS_PER_USER
          + ", got " + maxSessionsPerUser);
    }
    dialectClients = dialectClients == null ? Map.of() : Map.copyOf(dialectClients);
    lockout = lockout == null ? LockoutPolicy.DEFAULTS : lockout;
    keyPolicy = keyPolicy == null ? KeyPolicy.DEFAULTS : keyPolicy;
    accessTokenTyp = accessTokenTyp == null ? AccessTokenTyp.AT_JWT : accessTokenTyp;
  }

  /** A realm whose access tokens carry RFC 9068's {@code typ: at+jwt}. */
  public Realm(RealmName name, String issuerName, Optional<String> audience, Duration accessTokenTtl,
      Duration refreshTokenTtl, Duration sessionMaxTtl, Duration refreshReuseGrace,
      SigningAlgorithm signingAlgorithm, List<AuthServiceRef> authServices, int maxSessionsPerUser,
      Map<String, ClientId> dialectClients, LockoutPolicy lockout, KeyPolicy keyPolicy) {
    this(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, maxSessionsPerUser, dialectClients, lockout, keyPolicy, AccessTokenTyp.AT_JWT);
  }

  /** A realm with the default key rotation. */
  public Realm(RealmName name, String issuerName, Optional<String> audience, Duration accessTokenTtl,
      Duration refreshTokenTtl, Duration sessionMaxTtl, Duration refreshReuseGrace,
      SigningAlgorithm signingAlgorithm, List<AuthServiceRef> authServices, int maxSessionsPerUser,
      Map<String, ClientId> dialectClients, LockoutPolicy lockout) {
    this(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, maxSessionsPerUser, dialectClients, lockout, KeyPolicy.DEFAULTS);
  }

  /**
   * A realm without a session cap that names no client for any client-less dialect, with the
   * default lockout.
   */
  public Realm(RealmName name, String issuerName, Optional<String> audience, Duration accessTokenTtl,
      Duration refreshTokenTtl, Duration sessionMaxTtl, Duration refreshReuseGrace,
      SigningAlgorithm signingAlgorithm, List<AuthServiceRef> authServices) {
    this(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, 0, Map.of(), LockoutPolicy.DEFAULTS, KeyPolicy.DEFAULTS);
  }

  /** The same realm with at most {@code max} live sessions per user (0 = no cap). */
  public Realm withMaxSessionsPerUser(int max) {
    return new Realm(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, max, dialectClients, lockout, keyPolicy, accessTokenTyp);
  }

  /** The same realm, naming {@code clients} for the client-less dialects. */
  public Realm withDialectClients(Map<String, ClientId> clients) {
    return new Realm(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, maxSessionsPerUser, clients, lockout, keyPolicy, accessTokenTyp);
  }

  /** The same realm with this brute-force defence. */
  public Realm withLockout(LockoutPolicy policy) {
    return new Realm(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, maxSessionsPerUser, dialectClients, policy, keyPolicy, accessTokenTyp);
  }

  /** The same realm with this key rotation. */
  public Realm withKeyPolicy(KeyPolicy policy) {
    return new Realm(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, maxSessionsPerUser, dialectClients, lockout, policy, accessTokenTyp);
  }

  /** The same realm, its access tokens carrying this {@code typ}. */
  public Realm withAccessTokenTyp(AccessTokenTyp typ) {
    return new Realm(name, issuerName, audience, accessTokenTtl, refreshTokenTtl, sessionMaxTtl, refreshReuseGrace,
        signingAlgorithm, authServices, maxSessionsPerUser, dialectClients, lockout, keyPolicy, typ);
  }

  /** The client this realm names for the client-less dialect {@code dialect}, if any. */
  public Optional<ClientId> dialectClient(String dialect) {
    return Optional.ofNullable(dialectClients.get(dialect));
  }

  private static Duration positive(Duration d, Duration dflt, String what) {
    if (d == null) {
      return dflt;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d.toSeconds() + " s");
    }
    return d;
  }

  /** A realm with every setting at its default. */
  public static Realm withDefaults(RealmName name) {
    return new Realm(name, null, Optional.empty(), null, null, null, null, null, null);
  }

  public Optional<AuthServiceRef> authService(String id) {
    return authServices.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
