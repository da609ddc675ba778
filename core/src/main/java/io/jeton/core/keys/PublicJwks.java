package io.jeton.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A client's registered public JWK Set (RFC 7517 section 5), the keys that may sign its {@code
 * private_key_jwt} assertions (RFC 7523 section 2.2). Public asymmetric keys only: RSA, EC (P-256,
 * P-384, P-521) and Ed25519. A private part or a symmetric key is refused at import ({@link
 * #problems}), so that a client's registration never holds a secret that Jeton would have to guard.
 */
public final class PublicJwks {
  /**
   * The JWS algorithms a client assertion may use: asymmetric ones only. {@code none} and the HMAC
   * family are absent on purpose (RFC 7523 section 3, item 9: the JWT "MUST be digitally signed or
   * have a MAC applied"; a MAC would need a shared secret, and a client id is no secret).
   */
  public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  /** The longest JWK Set accepted, as JSON (the store's column). */
  public static final int MAX_LENGTH = 65536;

  private static final Set<Curve> EC_CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

  /** A set without keys: verifies nothing. */
  public static final PublicJwks NONE = new PublicJwks(List.of());

  private final List<JWK> keys;

  private PublicJwks(List<JWK> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Every problem of a JWK Set given as JSON; empty when it is a usable set of public keys. */
  public static List<String> problems(String json) {
    if (json.length() > MAX_LENGTH) {
      return List.of("jwks is longer than " + MAX_LENGTH + " characters");
    }
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException | RuntimeException e) {
      return List.of("jwks is not a JWK Set (RFC 7517 section 5: {\"keys\": [...]}): " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    if (set.getKeys().isEmpty()) {
      problems.add("jwks has no keys");
    }
    int i = 0;
    for (JWK k : set.getKeys()) {
      String name = "jwks key " + i++ + (k.getKeyID() == null ? "" : " (kid '" + k.getKeyID() + "')");
      if (!usable(k)) {
        problems.add(name + " is not a public RSA, EC (P-256, P-384, P-521) or Ed25519 key (kty '"
            + k.getKeyType() + "')");
      } else if (k.isPrivate()) {
        problems.add(name + " contains a private key: register only the public key (remove \"d\""
            + (k.getKeyType() == KeyType.RSA ? ", \"p\", \"q\", \"dp\", \"dq\", \"qi\"" : "") + ")");
      }
    }
    return problems;
  }

  /**
   * The set, parsed.
   *
   * @throws IllegalArgumentException when it has any of the {@link #problems}
   */
  public static PublicJwks parse(String json) {
    List<String> problems = problems(json);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    try {
      return new PublicJwks(JWKSet.parse(json).getKeys());
    } catch (ParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static boolean usable(JWK k) {
    return switch (k) {
      case RSAKey r -> true;
      case ECKey e -> EC_CURVES.contains(e.getCurve());
      case OctetKeyPair o -> Curve.Ed25519.equals(o.getCurve());
      default -> false;
    };
  }

  /**
   * Verifiers for every key that may have made a signature with this header: the key named by
   * {@code kid} when there is one, else every key of the algorithm's type; none for an algorithm
   * outside {@link #ALGORITHMS}.
   */
  public List<JWSVerifier> verifiers(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    if (!ALGORITHMS.contains(alg)) {
      return List.of();
    }
    List<JWSVerifier> out = new ArrayList<>();
    for (JWK k : keys) {
      if (header.getKeyID() != null && !header.getKeyID().equals(k.getKeyID())) {
        continue;
      }
      if (k.getAlgorithm() != null && !k.getAlgorithm().equals(alg)) {
        continue; // RFC 7517 section 4.4: a key that names its algorithm is for that one only
      }
      try {
        JWSVerifier v = verifier(alg, k);
        if (v != null) {
          out.add(v);
        }
      } catch (JOSEException e) {
        // a key too weak for the algorithm (an RSA key under 2048 bits): it verifies nothing
      }
    }
    return out;
  }

  private static JWSVerifier verifier(JWSAlgorithm alg, JWK k) throws JOSEException {
    if (JWSAlgorithm.Family.RSA.contains(alg) && k instanceof RSAKey r) {
      return NativeSignatures.rsaVerifier(r.toRSAPublicKey());
    }
    if (JWSAlgorithm.Family.EC.contains(alg) && k instanceof ECKey e
        && Curve.forJWSAlgorithm(alg).contains(e.getCurve())) {
      return NativeSignatures.ecVerifier(e.toECPublicKey());
    }
    if ((alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519)) && k instanceof OctetKeyPair o
        && Curve.Ed25519.equals(o.getCurve())) {
      return new EdDsaJca.Verifier(o.getDecodedX(), alg);
    }
    return null;
  }
}
