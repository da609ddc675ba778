package io.jeton.core.crypto;

import io.jeton.core.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random opaque values and their hashes. */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final MessageDigest SHA256 = digest("SHA-256");

  private Tokens() {}

  /** {@code bytes} random bytes, base64url without padding. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** An opaque token of 256 random bits (SPEC section 1, refresh token). */
  public static String opaque() {
    return random(32);
  }

  /** SHA-256 of the token's UTF-8 bytes, base64url without padding: how refresh tokens are stored. */
  public static TokenHash sha256(String token) {
    return new TokenHash(B64.encodeToString(sha256().digest(token.getBytes(StandardCharsets.UTF_8))));
  }

  /** A fresh SHA-256 digest, cloned from a prototype: cheaper than a provider lookup per hash (see {@link Hmac}). */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException none) {
        throw new IllegalStateException(none);
      }
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of two strings. */
  public static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
