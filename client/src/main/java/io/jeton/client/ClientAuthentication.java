package io.jeton.client;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How the SDK authenticates its client at the token and introspection endpoints (RFC 6749
 * section 2.3.1): HTTP Basic ({@code client_secret_basic}), form fields ({@code
 * client_secret_post}) or, for a public client, {@code client_id} alone. {@code toString} never
 * shows the secret.
 */
public sealed interface ClientAuthentication {
  /** The client's id. */
  String clientId();

  /** {@code client_secret_basic}: the id and secret form-urlencoded, then Base64, in {@code Authorization}. */
  static ClientAuthentication clientSecretBasic(String clientId, String secret) {
    return new SecretBasic(clientId, secret);
  }

  /** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the form body. */
  static ClientAuthentication clientSecretPost(String clientId, String secret) {
    return new SecretPost(clientId, secret);
  }

  /** A public client (no secret): {@code client_id} in the form body; it may refresh, not log in. */
  static ClientAuthentication publicClient(String clientId) {
    return new Public(clientId);
  }

  /** Adds this authentication to a request and its form fields. */
  void apply(HttpRequest.Builder request, Map<String, String> form);

  /** HTTP Basic. */
  record SecretBasic(String clientId, String secret) implements ClientAuthentication {
    public SecretBasic {
      requireText(clientId, "clientId");
      requireText(secret, "secret");
    }

    @Override
    public void apply(HttpRequest.Builder request, Map<String, String> form) {
      // RFC 6749 section 2.3.1: "the client identifier is encoded using the
      // application/x-www-form-urlencoded encoding algorithm", and so is the password.
      String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
          + URLEncoder.encode(secret, StandardCharsets.UTF_8);
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return "client_secret_basic(" + clientId + ")";
    }
  }

  /** Form fields. */
  record SecretPost(String clientId, String secret) implements ClientAuthentication {
    public SecretPost {
      requireText(clientId, "clientId");
      requireText(secret, "secret");
    }

    @Override
    public void apply(HttpRequest.Builder request, Map<String, String> form) {
      form.put("client_id", clientId);
      form.put("client_secret", secret);
    }

    @Override
    public String toString() {
      return "client_secret_post(" + clientId + ")";
    }
  }

  /** No secret. */
  record Public(String clientId) implements ClientAuthentication {
    public Public {
      requireText(clientId, "clientId");
    }

    @Override
    public void apply(HttpRequest.Builder request, Map<String, String> form) {
      form.put("client_id", clientId);
    }
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
