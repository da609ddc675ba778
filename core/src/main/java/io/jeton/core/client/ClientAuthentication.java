package io.jeton.core.client;

import io.jeton.core.error.OAuthError;

/** The outcome of authenticating a client: the client, or an {@code invalid_client} refusal. */
public sealed interface ClientAuthentication {
  record Authenticated(Client client) implements ClientAuthentication {}

  record Rejected(OAuthError error) implements ClientAuthentication {}
}
