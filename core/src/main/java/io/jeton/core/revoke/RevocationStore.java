package io.jeton.core.revoke;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Storage of revocations: written once, read by every node's in-memory view, purged once expired. */
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

  /**
   * The entries that exist among those sequence numbers, in order: a poller asking whether the
   * gaps it saw have been filled by transactions that committed late.
   */
  List<RevocationEntry> withSeqs(Collection<Long> seqs);

  /**
   * Deletes up to {@code limit} entries of {@code realm} that expired before {@code now} (no token
   * they match can still be unexpired); returns how many.
   */
  int purgeExpired(RealmName realm, Instant now, int limit);
}
