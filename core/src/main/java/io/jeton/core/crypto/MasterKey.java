package io.jeton.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit master key (from {@code JETON_MASTER_KEY} or a key file). It encrypts private
 * signing keys at rest with AES-256-GCM and derives the purpose keys (client-secret pepper,
 * refresh-successor key) with HMAC-SHA256, so one secret protects everything at rest.
 */
public final class MasterKey {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte VERSION = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private MasterKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "the master key must be 32 bytes (base64 of 32 random bytes), got " + key.length);
    }
    this.key = key.clone();
  }

  public static MasterKey of(byte[] key) {
    return new MasterKey(key);
  }

  /** Parses base64 (standard or url-safe) of 32 bytes. */
  public static MasterKey fromBase64(String base64) {
    String s = base64.trim();
    byte[] raw;
    try {
      raw = s.contains("-") || s.contains("_") ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the master key is not valid base64");
    }
    return new MasterKey(raw);
  }

  public static MasterKey generate() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return new MasterKey(raw);
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  /** A 32-byte key for one purpose, derived from the master key; stable across restarts. */
  public byte[] derive(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(("jeton:" + purpose).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** AES-256-GCM; output is version byte, IV, ciphertext and tag. {@code aad} binds the context. */
  public byte[] encrypt(byte[] plaintext, String aad) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plaintext);
      byte[] out = new byte[1 + IV_BYTES + ct.length];
      out[0] = VERSION;
      System.arraycopy(iv, 0, out, 1, IV_BYTES);
      System.arraycopy(ct, 0, out, 1 + IV_BYTES, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reverses {@link #encrypt}; throws {@link IllegalStateException} on a wrong key or tampering. */
  public byte[] decrypt(byte[] sealed, String aad) {
    if (sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new IllegalStateException("not a sealed value of this version");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + IV_BYTES)));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot decrypt a stored key: wrong master key (JETON_MASTER_KEY) or tampered data");
    }
  }
}
