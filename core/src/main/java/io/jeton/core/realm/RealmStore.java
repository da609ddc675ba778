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
   * The longest access-token lifetime the realm has ever had (never less than its current one),
   * empty for an unknown realm: how long after a revocation an access token signed earlier can
   * still be unexpired, whatever the TTL was when it was signed (review H5).
   */
  Optional<Duration> longestAccessTokenTtl(RealmName name);
}
