package io.jeton.core.keys;

import io.jeton.core.RealmName;
import io.jeton.core.realm.SigningAlgorithm;
import java.time.Instant;
import java.util.Objects;

/**
 * A signing key's lifecycle (SPEC 10), without the key: made and published at {@code createdAt},
 * signing from {@code activatesAt}, retired (no longer signing) at {@code retiredAt}, deleted after
 * {@code deleteAfter}. Every node derives a key's {@link KeyState} from these times and its own
 * clock, so that no node has to be told when a key starts or stops signing: only that it exists.
 *
 * @param retiredAt null while the key has no successor
 * @param deleteAfter null while the key has no successor
 */
public record KeySchedule(
    RealmName realm,
    String kid,
    SigningAlgorithm algorithm,
    Instant createdAt,
    Instant activatesAt,
    Instant retiredAt,
    Instant deleteAfter) {
  public KeySchedule {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
  }

  /** The key's state at {@code now}. */
  public KeyState state(Instant now) {
    if (deleteAfter != null && !now.isBefore(deleteAfter)) {
      return KeyState.EXPIRED;
    }
    if (retiredAt != null && !now.isBefore(retiredAt)) {
      return KeyState.RETIRED;
    }
    return now.isBefore(activatesAt) ? KeyState.PENDING : KeyState.ACTIVE;
  }

  /** Whether the key is still published and verifies tokens at {@code now} (every state but expired). */
  public boolean published(Instant now) {
    return deleteAfter == null || now.isBefore(deleteAfter);
  }
}
