package io.jeton.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one fixed key, for the keyed hashes computed on every request (client
 * secrets, {@code jti} seals, refresh successors, DPoP nonces). It keeps one initialised {@link
 * Mac} and hands out clones of it: {@code Mac.getInstance} plus {@code init} (a provider lookup, a
 * reflective constructor and the key's pads) cost about twice the HMAC of a short value itself,
 * and were a fifth of an introspection request's CPU. A clone copies the pads and digest state.
 * Thread-safe: the prototype is never used itself, only cloned.
 */
public final class Hmac {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;
  private final Mac prototype;
  private final boolean cloneable;

  private Hmac(byte[] key, Mac prototype, boolean cloneable) {
    this.key = key;
    this.prototype = prototype;
    this.cloneable = cloneable;
  }

  /** An HMAC-SHA256 under {@code key}. */
  public static Hmac sha256(byte[] key) {
    Mac m = init(key);
    boolean cloneable;
    try {
      m.clone();
      cloneable = true;
    } catch (CloneNotSupportedException e) {
      cloneable = false; // a provider without clone support: a fresh instance per use
    }
    return new Hmac(key.clone(), m, cloneable);
  }

  private static Mac init(byte[] key) {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(new SecretKeySpec(key, ALGORITHM));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh {@link Mac} under the key, for one caller to {@code update} and {@code doFinal}. */
  public Mac mac() {
    if (cloneable) {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e); // it cloned once, in sha256
      }
    }
    return init(key);
  }

  /** The HMAC of {@code value}'s UTF-8 bytes, base64url without padding. */
  public String of(String value) {
    return B64.encodeToString(mac().doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }
}
