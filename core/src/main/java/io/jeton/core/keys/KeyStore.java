package io.jeton.core.keys;

import io.jeton.core.RealmName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Storage of realms' signing keys and their lifecycle (SPEC 10). */
public interface KeyStore {
  /** Every stored key of the realm, in every state, oldest first (then by kid). */
  List<StoredKey> list(RealmName realm);

  /**
   * The lifecycle of every stored key of every realm, without key material, ordered by realm, then
   * oldest first: what a node compares with what it loaded to find the realms whose keys changed,
   * and what the purge job reads to find the realms due for rotation, in one query.
   */
  List<KeySchedule> schedules();

  /** Inserts a key; a key with the same realm and kid is left as it is. */
  void insert(StoredKey key);

  /**
   * Adds {@code next} as the realm's newest key if {@code newestKid} is still its newest
   * (compare-and-set, atomic on any number of nodes), and retires at {@code next.activatesAt()}
   * every other key not retired by then, to be deleted {@code retention} after that. Returns false,
   * and writes nothing, when {@code newestKid} is not the realm's newest key any more (another
   * rotation won) or does not exist.
   */
  boolean rotate(RealmName realm, String newestKid, StoredKey next, Duration retention);

  /**
   * Retires a key at {@code at} unless it is retired by then already, to be deleted after {@code
   * deleteAfter}.
   */
  void retire(RealmName realm, String kid, Instant at, Instant deleteAfter);

  /**
   * Moves the deletion of the realm's retired keys to at least their retirement plus {@code
   * retention} (after the realm's access-token lifetime grew: a token signed just before a
   * retirement may now live longer); never earlier.
   */
  void extendRetention(RealmName realm, Duration retention);

  /** Deletes at most {@code max} of the realm's keys whose deletion time is before {@code now}; returns how many. */
  int purgeExpired(RealmName realm, Instant now, int max);
}
