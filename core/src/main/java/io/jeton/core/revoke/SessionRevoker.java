package io.jeton.core.revoke;

import io.jeton.core.SessionId;
import io.jeton.core.realm.Realm;
import java.time.Duration;
import java.time.Instant;

/**
 * Revokes a whole session: its refresh tokens stop working (the session row is marked) and its
 * access tokens become inactive on every node (a {@code SESSION} revocation entry, kept for as
 * long as any access token of the session can still be unexpired).
 */
public final class SessionRevoker {
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final RevocationStore store;
  private final RevocationView view;

  public SessionRevoker(RevocationStore store, RevocationView view) {
    this.store = store;
    this.view = view;
  }

  /** Returns whether the session existed. */
  public boolean revoke(Realm realm, SessionId sid, Instant now) {
    Instant until = now.plus(realm.accessTokenTtl()).plus(SKEW);
    boolean existed = store.revokeSession(realm.name(), sid, now, until);
    if (existed) {
      view.addSession(realm.name(), sid, until);
    }
    return existed;
  }
}
