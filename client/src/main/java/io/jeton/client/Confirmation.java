package io.jeton.client;

import java.util.Optional;

/**
 * A token's {@code cnf} claim (RFC 7800): the key it is bound to, as the SHA-256 thumbprint of a
 * DPoP key ({@code jkt}, RFC 9449 section 6.1) or of a TLS client certificate ({@code x5t#S256},
 * RFC 8705 section 3.1). Both empty for a bearer token.
 */
public record Confirmation(Optional<String> jkt, Optional<String> x5tS256) {
  public static final Confirmation NONE = new Confirmation(Optional.empty(), Optional.empty());

  /** Whether the token is bound to a key at all. */
  public boolean bound() {
    return jkt.isPresent() || x5tS256.isPresent();
  }
}
