package io.jeton.core.keys;

import io.jeton.core.RealmName;
import io.jeton.core.realm.SigningAlgorithm;
import java.time.Instant;
import java.util.Objects;

/**
 * A realm's signing key as stored: the public JWK in clear (empty for HS256), the private or
 * secret JWK only encrypted with the master key (AES-GCM), and its lifecycle (SPEC 10, see {@link
 * KeySchedule}).
 *
 * @param createdAt when the key was made and published in the JWKS
 * @param activatesAt from when it may sign (its creation plus the realm's {@code keyPublishSeconds},
 *     or its creation for a realm's first key and an immediate rotation)
 * @param retiredAt from when it no longer signs (null until a successor is made; then the
 *     successor's activation); a retired key is still published until {@code deleteAfter}
 * @param deleteAfter when its last token has expired: {@code retiredAt} plus the realm's longest
 *     access-token lifetime plus a clock-skew margin; null while not retired
 */
public record StoredKey(
    RealmName realm,
    String kid,
    SigningAlgorithm algorithm,
    String publicJwk,
    byte[] encryptedPrivateJwk,
    Instant createdAt,
    Instant activatesAt,
    Instant retiredAt,
    Instant deleteAfter) {
  public StoredKey {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encryptedPrivateJwk, "encryptedPrivateJwk");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
    if ((retiredAt == null) != (deleteAfter == null)) {
      throw new IllegalArgumentException("a key has both a retirement and a deletion time, or neither: " + kid);
    }
    publicJwk = publicJwk == null ? "" : publicJwk;
  }

  /** A key that signs from its creation and is not retired: a realm's first key. */
  public static StoredKey active(RealmName realm, String kid, SigningAlgorithm algorithm, String publicJwk,
      byte[] encryptedPrivateJwk, Instant createdAt) {
    return new StoredKey(realm, kid, algorithm, publicJwk, encryptedPrivateJwk, createdAt, createdAt, null, null);
  }

  /** Its lifecycle without the key material. */
  public KeySchedule schedule() {
    return new KeySchedule(realm, kid, algorithm, createdAt, activatesAt, retiredAt, deleteAfter);
  }

  /** The same key retired at {@code at} (unless retired earlier), to be deleted after {@code deleteAt}. */
  public StoredKey retired(Instant at, Instant deleteAt) {
    if (retiredAt != null && !retiredAt.isAfter(at)) {
      return this;
    }
    return new StoredKey(realm, kid, algorithm, publicJwk, encryptedPrivateJwk, createdAt, activatesAt, at, deleteAt);
  }
}
