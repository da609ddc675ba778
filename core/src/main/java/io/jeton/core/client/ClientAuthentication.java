package io.jeton.core.client;

import io.jeton.core.Caller;
import io.jeton.core.error.OAuthError;

/** The outcome of authenticating a client: the caller it makes, or an {@code invalid_client} refusal. */
public sealed interface ClientAuthentication {
  /** @param caller {@link Caller.Authenticated} for a confidential client, {@link Caller.Public} for a public one */
  record Authenticated(Caller caller) implements ClientAuthentication {
    public Client client() {
      return caller.client();
    }
  }

  record Rejected(OAuthError error) implements ClientAuthentication {}
}
