package io.jeton.core.session;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.user.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of sessions and their refresh-token families. Every method is one transaction; a
 * method that returns normally has made its write durable.
 */
public interface SessionStore {
  /** Inserts a new session together with its first refresh token, atomically. */
  void create(Session session, RefreshToken first);

  /**
   * {@link #create} under a per-user cap (SPEC 7, {@code maxSessionsPerUser}): in the same
   * transaction, serialised per (realm, user) on any number of nodes, the user's oldest sessions
   * still live at {@code session.createdAt()} are marked revoked at that instant so that, with the
   * new one, at most {@code maxLive} remain live. Returns the ids it revoked, oldest first (empty
   * under the cap); the caller then records their revocations ({@code SessionRevoker}) so that
   * their access tokens become inactive. When the insert fails, nothing is revoked.
   *
   * @param maxLive at least 1
   */
  List<SessionId> createCapped(Session session, RefreshToken first, int maxLive);

  Optional<Session> find(RealmName realm, SessionId id);

  /**
   * The refresh token with that hash, the session it belongs to and that session's user, read in
   * one statement (a refresh needs all three; on PostgreSQL a statement less is a round trip and a
   * plan less per refresh).
   */
  Optional<RefreshLookup> findRefreshToken(RealmName realm, TokenHash hash);

  /**
   * Compare-and-set rotation: marks {@code used} as used at {@code usedAt} with the successor's
   * hash, and inserts {@code successor}, in one transaction, only if {@code used} was not used
   * yet. Of concurrent callers on any number of nodes exactly one gets {@code true}; the others
   * get {@code false} and nothing is written for them.
   */
  boolean rotate(RealmName realm, TokenHash used, Instant usedAt, RefreshToken successor);

  /**
   * Marks the session revoked at {@code at} (if it is not already) so that none of its refresh
   * tokens works any more. Returns whether this call revoked it.
   */
  boolean revoke(RealmName realm, SessionId id, Instant at);

  /**
   * Deletes up to {@code limit} sessions of {@code realm} that ended before {@code before} (their
   * absolute expiry or their revocation is earlier), each with its refresh tokens; returns how many
   * sessions it deleted.
   */
  int purgeEnded(RealmName realm, Instant before, int limit);

  /**
   * Deletes up to {@code limit} refresh tokens of {@code realm}, used or not, that expired before
   * {@code now}: an expired token is refused whatever its state, so its row decides nothing any
   * more. Returns how many it deleted.
   */
  int purgeExpiredRefreshTokens(RealmName realm, Instant now, int limit);

  /**
   * At most {@code limit} sessions of the realm live at {@code now} (not revoked, not past their
   * absolute expiry), of {@code user} only when given; newest first (latest absolute expiry, which
   * is the creation time plus the realm's session maximum).
   */
  List<Session> live(RealmName realm, Optional<io.jeton.core.UserId> user, Instant now, int limit);

  /**
   * A refresh token, its session and the session's user, read together.
   *
   * @param user the user as stored at that moment; empty when it was deleted
   */
  record RefreshLookup(RefreshToken token, Session session, Optional<User> user) {}
}
