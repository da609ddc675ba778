package io.jeton.core.keys;

import io.jeton.core.RealmName;
import io.jeton.core.realm.SigningAlgorithm;
import java.time.Instant;
import java.util.Objects;

/**
 * A realm's signing key as stored: the public JWK in clear (empty for HS256), the private or
 * secret JWK only encrypted with the master key (AES-GCM).
 *
 * @param retiredAt when the key stopped signing (null while it is the realm's current key); a
 *     retired key is still published until its last token has expired
 */
public record StoredKey(
    RealmName realm,
    String kid,
    SigningAlgorithm algorithm,
    String publicJwk,
    byte[] encryptedPrivateJwk,
    Instant createdAt,
    Instant retiredAt) {
  public StoredKey {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encryptedPrivateJwk, "encryptedPrivateJwk");
    Objects.requireNonNull(createdAt, "createdAt");
    publicJwk = publicJwk == null ? "" : publicJwk;
  }
}
