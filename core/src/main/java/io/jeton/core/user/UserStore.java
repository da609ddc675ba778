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
}
