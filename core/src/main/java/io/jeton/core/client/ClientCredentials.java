package io.jeton.core.client;

import io.jeton.core.ClientId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request presented to identify its client (RFC 6749 section 2.3): the id, the secret if
 * any, and how it was sent. A TLS client certificate travels in the {@code RequestContext}; a
 * {@code private_key_jwt} assertion (RFC 7523) in {@link #secret} with {@link Method#PRIVATE_KEY_JWT}.
 */
public record ClientCredentials(ClientId clientId, Optional<String> secret, Method method) {
  /**
   * The JWS algorithms a {@code private_key_jwt} assertion may be signed with (RFC 8414 section 2,
   * {@code token_endpoint_auth_signing_alg_values_supported}): asymmetric only, never {@code none}
   * or HMAC.
   */
  public static final java.util.List<String> ASSERTION_SIGNING_ALGORITHMS =
      io.jeton.core.keys.PublicJwks.ALGORITHMS.stream().map(a -> a.getName()).toList();

  /** The token endpoint authentication methods (RFC 8414 section 2), by their registered names. */
  public enum Method {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    /** RFC 8705 section 2.1: a CA-issued certificate with the registered subject DN. */
    TLS_CLIENT_AUTH("tls_client_auth"),
    /** RFC 8705 section 2.2: the very certificate the client registered. */
    SELF_SIGNED_TLS_CLIENT_AUTH("self_signed_tls_client_auth"),
    /** RFC 7523 section 2.2: a JWT signed by a key of the client's registered JWK set. */
    PRIVATE_KEY_JWT("private_key_jwt"),
    NONE("none");

    private final String wire;

    Method(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Optional<Method> fromWire(String name) {
      for (Method m : values()) {
        if (m.wire.equals(name)) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }
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
