package io.jeton.core.revoke;

import io.jeton.core.RealmName;
import java.time.Instant;

/**
 * One revocation as every node sees it: an access token (by {@code jti}) or a whole session (by
 * {@code sid}), kept until no token it could match is still unexpired.
 *
 * @param seq the store's increasing sequence number, so that nodes can poll for what is new
 */
public record RevocationEntry(long seq, RealmName realm, Kind kind, String value, Instant expiresAt) {
  public enum Kind {
    ACCESS_TOKEN,
    SESSION
  }
}
