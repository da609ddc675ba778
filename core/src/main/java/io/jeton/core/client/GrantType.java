package io.jeton.core.client;

import java.util.Optional;

/** The grant types a client may be allowed (RFC 6749 section 4, RFC 7636, RFC 8693). */
public enum GrantType {
  PASSWORD("password"),
  REFRESH_TOKEN("refresh_token"),
  CLIENT_CREDENTIALS("client_credentials"),
  AUTHORIZATION_CODE("authorization_code");

  private final String wire;

  GrantType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<GrantType> fromWire(String value) {
    for (GrantType g : values()) {
      if (g.wire.equals(value)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
