package io.jeton.core.realm;

import io.jeton.core.RealmName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Storage of realms. */
public interface RealmStore {
  Optional<Realm> find(RealmName name);

  /**
   * Inserts or replaces the realm of that name, and remembers the longest {@link
   * Realm#accessTokenTtl()} it has ever been stored with ({@link #longestAccessTokenTtl}).
   */
  void upsert(Realm realm);

  List<Realm> list();

  /**
   * Inserts the realm unless one of that name exists (remembering its access-token TTL as the
   * longest so far); returns whether it inserted. Of concurrent callers with one name, one wins.
   */
  boolean create(Realm realm);

  /** At most {@code limit} realms in name order, after {@code after} when given (a page). */
  List<Realm> list(Optional<RealmName> after, int limit);

  /**
   * Deletes the realm and everything stored under its name (clients, users, sessions and refresh
   * tokens, revocations, signing keys, audit events, lockouts, replay entries, browser sessions and
   * codes), in one transaction: all or nothing. Returns whether the realm existed.
   */
  boolean delete(RealmName name);

  /**
   * The longest access-token lifetime the realm has ever had (never less than its current one),
   * empty for an unknown realm: how long after a revocation an access token signed earlier can
   * still be unexpired, whatever the TTL was when it was signed (review H5).
   */
  Optional<Duration> longestAccessTokenTtl(RealmName name);
}
