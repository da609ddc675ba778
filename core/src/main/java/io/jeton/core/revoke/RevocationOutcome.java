package io.jeton.core.revoke;

import io.jeton.core.error.OAuthError;

/**
 * RFC 7009 section 2.2: the server answers 200 whether or not the token was known or already
 * invalid; only a token of another client is refused.
 */
public sealed interface RevocationOutcome {
  /** @param revoked whether this call revoked something (for audit and dialects that say so) */
  record Done(boolean revoked) implements RevocationOutcome {}

  record Refused(OAuthError error) implements RevocationOutcome {}
}
