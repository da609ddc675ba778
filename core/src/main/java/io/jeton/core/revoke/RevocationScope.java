package io.jeton.core.revoke;

/** What a revocation takes with it. */
public enum RevocationScope {
  /** RFC 7009: an access token alone; a refresh token with its session. */
  TOKEN,
  /** The token and its whole session (onesait revoke_token, Amino {@code DELETE /session}). */
  SESSION_OF_TOKEN
}
