package io.jeton.core.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import java.util.Map;

/**
 * One realm's keys as loaded: the signer of its current key, a verifier per key id (current and
 * retired), and its public JWK Set already rendered (RFC 7517 section 5).
 */
public record RealmKeys(
    String currentKid,
    JWSAlgorithm algorithm,
    JWSSigner signer,
    Map<String, JWSVerifier> verifiers,
    String jwksJson) {
  public RealmKeys {
    verifiers = Map.copyOf(verifiers);
  }
}
