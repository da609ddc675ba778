package io.jeton.core.browser;

import java.util.List;
import java.util.Optional;

/**
 * The parameters of one authorization request (RFC 6749 section 4.1.1, RFC 7636 section 4.3,
 * RFC 8707), as the browser sent them; nothing checked yet.
 */
public record AuthorizeCommand(Optional<String> clientId, Optional<String> redirectUri, Optional<String> responseType,
    Optional<String> codeChallenge, Optional<String> codeChallengeMethod, Optional<String> state,
    Optional<String> scope, List<String> resources) {
  public AuthorizeCommand {
    clientId = clientId == null ? Optional.empty() : clientId;
    redirectUri = redirectUri == null ? Optional.empty() : redirectUri;
    responseType = responseType == null ? Optional.empty() : responseType;
    codeChallenge = codeChallenge == null ? Optional.empty() : codeChallenge;
    codeChallengeMethod = codeChallengeMethod == null ? Optional.empty() : codeChallengeMethod;
    state = state == null ? Optional.empty() : state;
    scope = scope == null ? Optional.empty() : scope;
    resources = resources == null ? List.of() : List.copyOf(resources);
  }
}
