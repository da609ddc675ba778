package io.jeton.core.change;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.UserId;
import java.util.Objects;

/**
 * A committed change to shared state that other nodes hold in memory (SPEC 10): what a {@link
 * ChangeFeed} carries. A change names what to re-read, never the new value: a node that hears of
 * one reads the store, so a notice can be repeated, merged or lost without harm (a lost one is
 * covered by the revocation poll, the key reload and the directory cache's lifetime).
 */
public sealed interface Change {
  /** New revocations: poll the revocation view now. */
  record Revocation() implements Change {}

  /** The realm's signing keys changed (made, rotated, retired, retention extended): reload them. */
  record Keys(RealmName realm) implements Change {
    public Keys {
      Objects.requireNonNull(realm, "realm");
    }
  }

  /** The realm's settings changed (or it was made): refresh the cached realm. */
  record Realm(RealmName realm) implements Change {
    public Realm {
      Objects.requireNonNull(realm, "realm");
    }
  }

  /** A client was made, changed or deleted: refresh the cached client. */
  record Client(RealmName realm, ClientId id) implements Change {
    public Client {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(id, "id");
    }
  }

  /** A user was made, changed or deleted: refresh the cached user. */
  record User(RealmName realm, UserId id) implements Change {
    public User {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * Anything may have changed (notices were lost, or too many to name): poll revocations, reload
   * changed keys and read every cached directory entry again on its next use.
   */
  record Everything() implements Change {}

  Change REVOCATION = new Revocation();
  Change EVERYTHING = new Everything();
}
