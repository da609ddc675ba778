package io.jeton.core.client;

import io.jeton.core.ClientId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request presented to identify its client (RFC 6749 section 2.3): the id, the secret if
 * any, and how it was sent.
 */
public record ClientCredentials(ClientId clientId, Optional<String> secret, Method method) {
  public enum Method {
    CLIENT_SECRET_BASIC,
    CLIENT_SECRET_POST,
    NONE
  }

  public ClientCredentials {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(method, "method");
    secret = secret == null ? Optional.empty() : secret;
  }

  @Override
  public String toString() {
    return "ClientCredentials[" + clientId + ", " + method + "]";
  }
}
