package io.jeton.core.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import java.util.Map;

/**
 * One realm's keys as this node sees them at one moment: the signer of the key that signs now, a
 * verifier per published key id (pending, active and retired), and the public JWK Set already
 * rendered (RFC 7517 section 5). It stays right until {@code validUntilMillis} (the next
 * activation, retirement or deletion of a loaded key), so the hot path compares one clock reading
 * and does no other work.
 *
 * @param validUntilMillis epoch milliseconds from which this view is out of date
 * @param stale whether the signing key is already retired here: another node made its successor
 *     and this node has not loaded it yet (it then reloads, at most once a second)
 */
public record RealmKeys(
    String currentKid,
    JWSAlgorithm algorithm,
    JWSSigner signer,
    Map<String, JWSVerifier> verifiers,
    String jwksJson,
    long validUntilMillis,
    boolean stale) {
  public RealmKeys {
    verifiers = Map.copyOf(verifiers);
  }
}
