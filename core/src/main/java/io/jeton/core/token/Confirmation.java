package io.jeton.core.token;

import java.util.Optional;

/**
 * The {@code cnf} claim of a sender-constrained access token (RFC 7800): the SHA-256 thumbprint of
 * the client certificate it is bound to ({@code x5t#S256}, RFC 8705 section 3.1) or of the DPoP
 * key ({@code jkt}, RFC 9449 section 6.1); both base64url without padding. {@link #NONE} for a
 * bearer token.
 */
public record Confirmation(Optional<String> x5tS256, Optional<String> jkt) {
  public static final Confirmation NONE = new Confirmation(Optional.empty(), Optional.empty());

  public Confirmation {
    x5tS256 = x5tS256 == null ? Optional.empty() : x5tS256.filter(s -> !s.isEmpty());
    jkt = jkt == null ? Optional.empty() : jkt.filter(s -> !s.isEmpty());
  }

  public static Confirmation certificate(String x5tS256) {
    return new Confirmation(Optional.of(x5tS256), Optional.empty());
  }

  public static Confirmation dpopKey(String jkt) {
    return new Confirmation(Optional.empty(), Optional.of(jkt));
  }

  /** A DPoP key's binding, or {@link #NONE} when {@code jkt} is empty. */
  public static Confirmation dpopKey(Optional<String> jkt) {
    return jkt.map(Confirmation::dpopKey).orElse(NONE);
  }

  /** A bearer token: no {@code cnf} claim at all. */
  public boolean isEmpty() {
    return x5tS256.isEmpty() && jkt.isEmpty();
  }
}
