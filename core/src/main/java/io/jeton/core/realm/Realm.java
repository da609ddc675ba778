package io.jeton.core.realm;

import io.jeton.core.RealmName;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant: its own clients, users, signing keys, lifetimes and authentication services (SPEC
 * section 1). Its OAuth issuer is {@code {publicUrl}/realms/{name}}; {@link #issuerName} is only
 * what C1's {@code issuer} field shows.
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
    List<AuthServiceRef> authServices) {

  public static final Duration DEFAULT_ACCESS_TTL = Duration.ofSeconds(3600);
  public static final Duration DEFAULT_REFRESH_TTL = Duration.ofSeconds(604800);
  public static final Duration DEFAULT_SESSION_MAX_TTL = Duration.ofSeconds(2592000);
  public static final Duration DEFAULT_REUSE_GRACE = Duration.ofSeconds(10);

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
    signingAlgorithm = signingAlgorithm == null ? SigningAlgorithm.ES256 : signingAlgorithm;
    authServices =
        authServices == null || authServices.isEmpty()
            ? List.of(AuthServiceRef.password("password"))
            : List.copyOf(authServices);
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
