package io.jeton.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A realm's JWK Set (RFC 7517), fetched over HTTP and held with a ready verifier per key.
 *
 * <p>Two fetches, both through one lock and one rate limit: a key id the cached set lacks
 * (a rotation) refetches at once unless a fetch was tried less than {@code minRefetch} ago, so a
 * flood of tokens with made-up {@code kid}s costs the server at most one fetch per interval; a
 * set older than {@code maxAge} is refetched by the first caller that gets the lock while the
 * others go on with the cached keys. A failed refetch keeps the keys held.
 */
final class JwksCache {
  /** Keys used from one set; the rest are ignored (a realm publishes two or three). */
  static final int MAX_KEYS = 64;
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
      0x21, 0x00};

  private final URI uri;
  private final Transport transport;
  private final LongSupplier ticker;
  private final long minRefetch;
  private final long maxAge;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Snapshot snapshot;
  /** When the last fetch was tried, and whether any was; under {@link #lock}. */
  private long lastAttempt;
  private boolean attempted;

  JwksCache(URI uri, Transport transport, LongSupplier ticker, long minRefetchNanos, long maxAgeNanos) {
    this.uri = uri;
    this.transport = transport;
    this.ticker = ticker;
    this.minRefetch = minRefetchNanos;
    this.maxAge = maxAgeNanos;
  }

  /** The keys that may verify a token with this {@code kid} (any, when null) and algorithm; empty if none. */
  List<Key> keys(String kid, JWSAlgorithm alg) {
    Snapshot s = snapshot;
    if (s != null && ticker.getAsLong() - s.fetchedAt - maxAge > 0 && lock.tryLock()) {
      try {
        if (snapshot == s && mayFetch()) {
          fetchQuietly();
        }
      } finally {
        lock.unlock();
      }
      s = snapshot;
    }
    List<Key> found = s == null ? List.of() : s.find(kid, alg);
    if (!found.isEmpty()) {
      return found;
    }
    lock.lock();
    try {
      if (snapshot != s) {
        found = snapshot.find(kid, alg); // fetched while we waited
        if (!found.isEmpty()) {
          return found;
        }
      }
      if (!mayFetch()) {
        if (snapshot == null) {
          throw new UncheckedIOException(new java.io.IOException(
              "no JWKS from " + uri + " yet: the last fetch failed, the next is allowed "
                  + Duration.ofNanos(minRefetch - (ticker.getAsLong() - lastAttempt)).toSeconds() + " s from now"));
        }
        return List.of();
      }
      if (snapshot == null) {
        fetch(); // nothing held: the failure is the caller's
      } else {
        fetchQuietly();
      }
      return snapshot.find(kid, alg);
    } finally {
      lock.unlock();
    }
  }

  private boolean mayFetch() {
    return !attempted || ticker.getAsLong() - lastAttempt >= minRefetch;
  }

  private void fetchQuietly() {
    try {
      fetch();
    } catch (RuntimeException e) {
      System.getLogger(JwksCache.class.getName()).log(System.Logger.Level.WARNING,
          "JWKS refetch from {0} failed, the keys held are kept: {1}", uri, e.getMessage());
    }
  }

  private void fetch() {
    attempted = true;
    lastAttempt = ticker.getAsLong();
    Transport.Answer a = transport.get(uri);
    if (!a.ok()) {
      throw new UncheckedIOException(new java.io.IOException("JWKS " + uri + " answered HTTP " + a.status()));
    }
    JWKSet set;
    try {
      set = JWKSet.parse(a.body());
    } catch (ParseException e) {
      throw new UncheckedIOException(new java.io.IOException("JWKS " + uri + " is not a JWK Set: " + e.getMessage()));
    }
    List<Key> keys = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (keys.size() == MAX_KEYS) {
        break;
      }
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      Key k = Key.of(jwk);
      if (k != null) {
        keys.add(k);
      }
    }
    snapshot = new Snapshot(List.copyOf(keys), ticker.getAsLong());
  }

  private record Snapshot(List<Key> keys, long fetchedAt) {
    List<Key> find(String kid, JWSAlgorithm alg) {
      List<Key> out = new ArrayList<>(1);
      for (Key k : keys) {
        if ((kid == null || kid.equals(k.kid)) && k.accepts(alg)) {
          out.add(k);
        }
      }
      return out;
    }
  }

  /** One public key and its verifier. */
  record Key(String kid, JWK jwk, JWSVerifier nimbus, PublicKey ed25519) {
    static Key of(JWK jwk) {
      try {
        return switch (jwk) {
          case ECKey ec -> new Key(jwk.getKeyID(), jwk, new ECDSAVerifier(ec.toPublicJWK()), null);
          case RSAKey rsa -> new Key(jwk.getKeyID(), jwk, new RSASSAVerifier(rsa.toPublicJWK()), null);
          case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> new Key(jwk.getKeyID(), jwk, null,
              ed25519(okp.getDecodedX()));
          default -> null; // symmetric or unknown: not usable offline
        };
      } catch (JOSEException | GeneralSecurityException | RuntimeException e) {
        return null;
      }
    }

    /** Whether this key may verify {@code alg}: its type and curve, and its own {@code alg} if it names one. */
    boolean accepts(JWSAlgorithm alg) {
      if (jwk.getAlgorithm() != null && !sameAlg(jwk.getAlgorithm().getName(), alg.getName())) {
        return false;
      }
      return switch (jwk) {
        case ECKey ec -> (alg.equals(JWSAlgorithm.ES256) && Curve.P_256.equals(ec.getCurve()))
            || (alg.equals(JWSAlgorithm.ES384) && Curve.P_384.equals(ec.getCurve()))
            || (alg.equals(JWSAlgorithm.ES512) && Curve.P_521.equals(ec.getCurve()));
        case RSAKey rsa -> JWSAlgorithm.Family.RSA.contains(alg);
        case OctetKeyPair okp -> alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519);
        default -> false;
      };
    }

    boolean verify(SignedJWT jwt) throws JOSEException {
      if (nimbus != null) {
        return jwt.verify(nimbus);
      }
      try {
        Signature sig = Signature.getInstance("Ed25519");
        sig.initVerify(ed25519);
        sig.update(jwt.getSigningInput());
        return sig.verify(jwt.getSignature().decode());
      } catch (GeneralSecurityException e) {
        return false;
      }
    }

    private static boolean sameAlg(String a, String b) {
      return a.equals(b) || (isEd(a) && isEd(b));
    }

    private static boolean isEd(String a) {
      return a.equals("EdDSA") || a.equals("Ed25519");
    }

    private static PublicKey ed25519(byte[] x) throws GeneralSecurityException {
      if (x.length != 32) {
        throw new GeneralSecurityException("an Ed25519 key is 32 bytes");
      }
      // SubjectPublicKeyInfo for Ed25519 (RFC 8410 section 4): a fixed prefix, then the key
      byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
      System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
      System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
  }
}
