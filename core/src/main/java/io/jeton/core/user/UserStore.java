package io.jeton.core.user;

import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import java.util.Optional;

/** Storage of users, keyed by realm then id, with a unique username per realm. */
public interface UserStore {
  Optional<User> findByUsername(RealmName realm, String username);

  Optional<User> findById(RealmName realm, UserId id);

  /** Inserts or replaces the user with that realm and id (roles and attributes replaced whole). */
  void upsert(User user);

  /** Deletes the user; its sessions stay but can no longer refresh. */
  boolean delete(RealmName realm, UserId id);

  /**
   * Inserts the user unless its id or its username is taken in the realm; returns whether it
   * inserted. Of concurrent callers with one username, one wins.
   */
  boolean create(User user);

  /** At most {@code limit} users of the realm in username order, after {@code afterUsername} when given (a page). */
  java.util.List<User> list(RealmName realm, Optional<String> afterUsername, int limit);

  /**
   * Deletes the user with everything that only it used, in one transaction: its sessions (a {@code
   * SESSION} revocation entry valid until {@code entryExpiresAt} recorded for each that was live at
   * {@code at}), their refresh tokens and browser links, its browser sessions, authorization codes
   * and lockout state. Returns whether the user existed.
   */
  boolean deleteWithSessions(RealmName realm, UserId id, java.time.Instant at, java.time.Instant entryExpiresAt);
}
