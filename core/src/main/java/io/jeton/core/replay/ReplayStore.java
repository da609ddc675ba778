package io.jeton.core.replay;

import io.jeton.core.RealmName;
import java.time.Instant;

/**
 * The one-use identifiers of a realm (SPEC 7 and 8): each {@code jti} of a {@code private_key_jwt}
 * client assertion (RFC 7523 section 3, item 7) or a DPoP proof (RFC 9449 section 11.1) is
 * accepted once, on any number of nodes, until it expires. Kept in the store because a replay to
 * another node behind the load balancer must be refused too.
 */
public interface ReplayStore {
  /** What kind of identifier: the same string in two kinds is two identifiers. */
  enum Kind {
    CLIENT_ASSERTION,
    DPOP_PROOF
  }

  /**
   * Records {@code jti} as used until {@code expiresAt}; whether this was its first use. Atomic:
   * of N concurrent calls with the same realm, kind and jti, exactly one returns true.
   */
  boolean firstUse(RealmName realm, Kind kind, String jti, Instant expiresAt);

  /** Purge: deletes up to {@code max} of the realm's entries that expired before {@code now}; how many. */
  int purgeExpired(RealmName realm, Instant now, int max);
}
