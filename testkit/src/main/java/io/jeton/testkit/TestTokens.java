package io.jeton.testkit;

import io.jeton.core.TokenHash;
import io.jeton.core.crypto.Tokens;

/** Random opaque-token hashes and secret hashes, shaped like the ones core computes. */
public final class TestTokens {
  private TestTokens() {}

  /** The SHA-256 of a fresh random opaque token. */
  public static TokenHash hash() {
    return Tokens.sha256(Tokens.opaque());
  }

  /** A value shaped like a keyed secret hash (43 base64url characters). */
  public static String secretHash() {
    return Tokens.random(32);
  }
}
