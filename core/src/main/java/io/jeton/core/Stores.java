package io.jeton.core;

import io.jeton.core.audit.AuditStore;
import io.jeton.core.browser.BrowserStore;
import io.jeton.core.browser.BrowserStores;
import io.jeton.core.change.ChangeFeed;
import io.jeton.core.client.ClientStore;
import io.jeton.core.keys.KeyStore;
import io.jeton.core.lockout.LockoutStore;
import io.jeton.core.realm.RealmStore;
import io.jeton.core.replay.ReplayStore;
import io.jeton.core.revoke.RevocationStore;
import io.jeton.core.session.SessionStore;
import io.jeton.core.user.UserStore;
import java.util.Objects;

/**
 * The storage a Jeton node needs, one narrow interface per feature; a backend provides all, and
 * {@code changes} if other nodes can share the database ({@link ChangeFeed#NONE} otherwise).
 */
public record Stores(
    RealmStore realms,
    ClientStore clients,
    UserStore users,
    SessionStore sessions,
    RevocationStore revocations,
    KeyStore keys,
    AuditStore audit,
    LockoutStore lockouts,
    ReplayStore replays,
    BrowserStore browser,
    ChangeFeed changes) {
  public Stores {
    Objects.requireNonNull(browser, "browser");
    Objects.requireNonNull(realms, "realms");
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(lockouts, "lockouts");
    Objects.requireNonNull(replays, "replays");
    changes = changes == null ? ChangeFeed.NONE : changes;
  }

  /**
   * Stores that no other node shares (no change feed), of a backend without browser sign-in (SPEC
   * 9): its browser store refuses every call.
   */
  public Stores(RealmStore realms, ClientStore clients, UserStore users, SessionStore sessions,
      RevocationStore revocations, KeyStore keys, AuditStore audit, LockoutStore lockouts, ReplayStore replays) {
    this(realms, clients, users, sessions, revocations, keys, audit, lockouts, replays, BrowserStores.NONE,
        ChangeFeed.NONE);
  }
}
