package io.jeton.core;

/**
 * The SHA-256 of an opaque token (base64url, no padding). Opaque tokens are stored only as
 * this hash, never raw.
 */
public record TokenHash(String value) {
  public TokenHash {
    if (value == null || value.length() != 43) {
      throw new IllegalArgumentException("a token hash is 43 base64url characters");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
