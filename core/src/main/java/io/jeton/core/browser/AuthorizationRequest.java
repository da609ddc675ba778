package io.jeton.core.browser;

import io.jeton.core.client.Client;
import java.util.List;
import java.util.Optional;

/**
 * An authorization request every rule of SPEC 9 accepted: the client, the redirect URI it
 * registered, the PKCE S256 challenge, the granted scope and resources, and the client's {@code
 * state} to hand back.
 */
public record AuthorizationRequest(Client client, String redirectUri, String codeChallenge, Optional<String> state,
    List<String> scope, List<String> resources) {
  public AuthorizationRequest {
    state = state == null ? Optional.empty() : state;
    scope = List.copyOf(scope);
    resources = List.copyOf(resources);
  }
}
