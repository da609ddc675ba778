package io.jeton.core.grant;

import io.jeton.core.error.OAuthError;

/** The outcome of a grant: tokens, or a protocol refusal that each dialect renders its own way. */
public sealed interface TokenOutcome {
  record Issued(IssuedTokens tokens) implements TokenOutcome {}

  record Denied(OAuthError error) implements TokenOutcome {}

  static TokenOutcome denied(OAuthError error) {
    return new Denied(error);
  }
}
