package io.jeton.core.revoke;

import io.jeton.core.SessionId;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.RealmStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Revokes a whole session: its refresh tokens stop working (the session row is marked) and its
 * access tokens become inactive on every node (a {@code SESSION} revocation entry, kept for as
 * long as any access token of the session can still be unexpired).
 *
 * <p>The entry's expiry is stored with it at revocation time: {@code now} plus the longest
 * access-token TTL the realm has <em>ever</em> had ({@link RealmStore#longestAccessTokenTtl},
 * read from the store, not from a cached realm) plus {@link #SKEW}. An access token of the session
 * was signed before {@code now} with some TTL the realm had then, so none outlives the entry, even
 * after a re-import shortened the TTL (review H5: "revoked-session resurrection after a TTL cut").
 */
public final class SessionRevoker {
  /** Clock difference between nodes that the entry also covers. */
  public static final Duration SKEW = Duration.ofSeconds(60);

  private final RevocationStore store;
  private final RealmStore realms;
  private final RevocationView view;

  public SessionRevoker(RevocationStore store, RealmStore realms, RevocationView view) {
    this.store = store;
    this.realms = realms;
    this.view = view;
  }

  /** Returns whether the session existed. */
  public boolean revoke(Realm realm, SessionId sid, Instant now) {
    Instant until = entryExpiry(realm, now);
    boolean existed = store.revokeSession(realm.name(), sid, now, until);
    if (existed) {
      view.addSession(realm.name(), sid, until);
    }
    return existed;
  }

  /**
   * Until when a session revocation recorded at {@code now} must be kept: {@code now} plus the
   * longest access-token TTL the realm has ever had plus {@link #SKEW} (see the class comment).
   */
  public Instant entryExpiry(Realm realm, Instant now) {
    Duration ttl = realms.longestAccessTokenTtl(realm.name()).filter(t -> t.compareTo(realm.accessTokenTtl()) > 0)
        .orElse(realm.accessTokenTtl());
    return now.plus(ttl).plus(SKEW);
  }
}
