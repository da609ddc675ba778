package io.jeton.core.keys;

/** Where a signing key is in its lifecycle (SPEC 10); every state but {@link #EXPIRED} is in the JWKS. */
public enum KeyState {
  /** Published, not yet signing: waiting for every node and cache to have it. */
  PENDING,
  /** Signing (the newest active key of the realm's algorithm is the one that does). */
  ACTIVE,
  /** No longer signing; published until the last token it signed has expired. */
  RETIRED,
  /** Past its deletion time: no longer published; the purge job deletes it. */
  EXPIRED;

  /** The lower-case name the CLI shows. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
