package io.jeton.core.revoke;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import java.time.Instant;
import java.util.List;

/** Storage of revocations: written once, read by every node's in-memory view. */
public interface RevocationStore {
  /** Records that the access token {@code jti} is revoked until {@code expiresAt}; idempotent. */
  void revokeAccessToken(RealmName realm, String jti, Instant expiresAt);

  /**
   * Revokes a session and records the revocation, in one transaction: the session is marked
   * revoked at {@code at} and a {@link RevocationEntry.Kind#SESSION} entry valid until {@code
   * entryExpiresAt} is added. Returns false (and writes nothing) when the session does not exist.
   */
  boolean revokeSession(RealmName realm, SessionId session, Instant at, Instant entryExpiresAt);

  /** Entries with a sequence number above {@code afterSeq}, in order, at most {@code limit}. */
  List<RevocationEntry> since(long afterSeq, int limit);

  /** Deletes up to {@code limit} entries that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now, int limit);
}
