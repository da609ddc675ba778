package io.jeton.core.dpop;

import io.jeton.core.RealmName;
import io.jeton.core.crypto.Hmac;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.crypto.Tokens;
import java.time.Duration;
import java.time.Instant;

/**
 * Server-provided DPoP nonces (RFC 9449 section 8), stateless: the nonce of a realm for a time slot
 * is {@code HMAC(k, realm || slot)} with a key derived from the master key, so every node of a
 * cluster issues and accepts the same nonces without storing any. A nonce is accepted in its own
 * slot and the {@value #PAST_SLOTS} slots after it: between 2 and 3 minutes.
 */
public final class DpopNonces {
  static final Duration SLOT = Duration.ofSeconds(60);
  static final int PAST_SLOTS = 2;

  private final Hmac key;

  public DpopNonces(MasterKey masterKey) {
    this.key = Hmac.sha256(masterKey.derive("dpop-nonce"));
  }

  /** The nonce to hand out now ({@code DPoP-Nonce} header). */
  public String current(RealmName realm, Instant now) {
    return forSlot(realm, slot(now));
  }

  /** Whether {@code nonce} is the realm's nonce of the current slot or of one of the last few. */
  public boolean accepts(RealmName realm, String nonce, Instant now) {
    long slot = slot(now);
    boolean ok = false;
    for (long s = slot; s >= slot - PAST_SLOTS; s--) {
      ok |= Tokens.equal(forSlot(realm, s), nonce);
    }
    return ok;
  }

  private String forSlot(RealmName realm, long slot) {
    return key.of(realm.value() + '\0' + slot);
  }

  private static long slot(Instant now) {
    return Math.floorDiv(now.getEpochSecond(), SLOT.toSeconds());
  }
}
