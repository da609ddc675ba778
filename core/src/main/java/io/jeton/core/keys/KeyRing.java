package io.jeton.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.jeton.core.RealmName;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Per-realm signing keys, generated on first use and kept encrypted at rest with the master key.
 *
 * <p>Several nodes may generate a realm's first key at the same moment: each inserts its own and
 * then re-reads, and all pick the oldest unretired key of the realm's algorithm (ties broken by
 * key id), so they converge on one signer while every key stays verifiable.
 *
 * <p>A token with an unknown {@code kid} (another node's new key, or a forgery sent before any
 * authentication) reloads the realm's keys at most once per {@link #RELOAD_INTERVAL} per realm:
 * the first caller claims the slot with a compare-and-set, every other caller in that interval
 * gets no verifier at once. Loads lock only their own realm, so one realm's reload never stalls
 * another's token validation (review M8).
 */
public final class KeyRing {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyStore store;
  private final MasterKey masterKey;
  private final InstantSource clock;
  private final LongSupplier nanoTime;
  /** At most one reload of a realm's keys for an unknown kid in this interval. */
  public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

  private final Map<RealmName, RealmKeys> loaded = new ConcurrentHashMap<>();
  /** Per realm: when ({@code nanoTime}) the last reload for an unknown kid was claimed. */
  private final Map<RealmName, AtomicLong> lastReload = new ConcurrentHashMap<>();
  /** Per realm: the lock of loading, generating and rotating its keys. */
  private final Map<RealmName, Object> locks = new ConcurrentHashMap<>();

  public KeyRing(KeyStore store, MasterKey masterKey, InstantSource clock) {
    this(store, masterKey, clock, System::nanoTime);
  }

  /** With a monotonic clock of its own for the reload throttle (tests). */
  KeyRing(KeyStore store, MasterKey masterKey, InstantSource clock, LongSupplier nanoTime) {
    this.store = store;
    this.masterKey = masterKey;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /** The realm's keys, loading or generating them on first use. */
  public RealmKeys keys(Realm realm) {
    RealmKeys k = loaded.get(realm.name());
    if (k != null && k.algorithm().getName().equals(jwsName(realm.signingAlgorithm()))) {
      return k;
    }
    synchronized (lock(realm.name())) {
      k = loaded.get(realm.name());
      if (k == null || !k.algorithm().getName().equals(jwsName(realm.signingAlgorithm()))) {
        k = load(realm);
        loaded.put(realm.name(), k);
      }
      return k;
    }
  }

  private Object lock(RealmName realm) {
    return locks.computeIfAbsent(realm, r -> new Object());
  }

  /**
   * A verifier for {@code kid}; when this node does not know the key (another node created it),
   * reloads from the store, at most once per {@link #RELOAD_INTERVAL} per realm; null when the
   * key is unknown.
   */
  public JWSVerifier verifier(Realm realm, String kid) {
    JWSVerifier v = keys(realm).verifiers().get(kid);
    if (v != null) {
      return v;
    }
    long now = nanoTime.getAsLong();
    AtomicLong last = lastReload.computeIfAbsent(realm.name(), r -> new AtomicLong(now - RELOAD_INTERVAL.toNanos()));
    long before = last.get();
    if (now - before < RELOAD_INTERVAL.toNanos() || !last.compareAndSet(before, now)) {
      return null;
    }
    synchronized (lock(realm.name())) {
      RealmKeys k = load(realm);
      loaded.put(realm.name(), k);
      return k.verifiers().get(kid);
    }
  }

  /** Makes a new key of the realm's algorithm current now and retires the previous one. */
  public RealmKeys rotate(Realm realm) {
    synchronized (lock(realm.name())) {
      Instant now = clock.instant();
      RealmKeys before = keys(realm);
      store.insert(generate(realm.name(), realm.signingAlgorithm(), now.plusMillis(1)));
      store.retire(realm.name(), before.currentKid(), now);
      RealmKeys k = load(realm);
      loaded.put(realm.name(), k);
      return k;
    }
  }

  /** Forgets what was loaded, so the next use reads the store again. */
  public void invalidate(RealmName realm) {
    loaded.remove(realm);
  }

  private RealmKeys load(Realm realm) {
    SigningAlgorithm alg = realm.signingAlgorithm();
    List<StoredKey> all = store.list(realm.name());
    StoredKey current = pickCurrent(all, alg);
    if (current == null) {
      store.insert(generate(realm.name(), alg, clock.instant()));
      all = store.list(realm.name());
      current = pickCurrent(all, alg);
      if (current == null) {
        throw new IllegalStateException("no signing key for realm " + realm.name() + " after insert");
      }
      for (StoredKey other : all) {
        if (other.retiredAt() == null && !other.kid().equals(current.kid())
            && other.algorithm() != alg) {
          store.retire(realm.name(), other.kid(), clock.instant());
        }
      }
    }
    try {
      Map<String, JWSVerifier> verifiers = new HashMap<>();
      List<JWK> published = new ArrayList<>();
      JWSSigner signer = null;
      for (StoredKey sk : all) {
        JWK priv = JWK.parse(new String(masterKey.decrypt(sk.encryptedPrivateJwk(), aad(sk)), StandardCharsets.UTF_8));
        verifiers.put(sk.kid(), verifierFor(sk.algorithm(), priv));
        if (sk.algorithm().isAsymmetric()) {
          published.add(priv.toPublicJWK());
        }
        if (sk.kid().equals(current.kid())) {
          signer = signerFor(sk.algorithm(), priv);
        }
      }
      String jwks = new JWKSet(published).toString(true);
      return new RealmKeys(current.kid(), JWSAlgorithm.parse(jwsName(alg)), signer, verifiers, jwks);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("stored signing key of realm " + realm.name() + " is unreadable", e);
    }
  }

  private static StoredKey pickCurrent(List<StoredKey> all, SigningAlgorithm alg) {
    return all.stream()
        .filter(k -> k.retiredAt() == null && k.algorithm() == alg)
        .min(Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::kid))
        .orElse(null);
  }

  private StoredKey generate(RealmName realm, SigningAlgorithm alg, Instant now) {
    String kid = Tokens.random(12);
    try {
      JWK jwk =
          switch (alg) {
            case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).generate();
            case RS256 -> new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
            case HS256 -> new OctetSequenceKeyGenerator(256).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.HS256).generate();
            case EdDSA -> {
              Ed25519PrivateKeyParameters p = new Ed25519PrivateKeyParameters(RANDOM);
              yield new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(p.generatePublicKey().getEncoded()))
                  .d(Base64URL.encode(p.getEncoded())).keyID(kid).keyUse(KeyUse.SIGNATURE)
                  .algorithm(JWSAlgorithm.EdDSA).build();
            }
          };
      String publicJwk = alg.isAsymmetric() ? jwk.toPublicJWK().toJSONString() : "";
      StoredKey shell = new StoredKey(realm, kid, alg, publicJwk, new byte[0], now, null);
      byte[] sealed = masterKey.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8), aad(shell));
      return new StoredKey(realm, kid, alg, publicJwk, sealed, now, null);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + alg + " key", e);
    }
  }

  private static String aad(StoredKey k) {
    return "signing-key:" + k.realm().value() + ":" + k.kid();
  }

  static String jwsName(SigningAlgorithm alg) {
    return alg == SigningAlgorithm.EdDSA ? "EdDSA" : alg.name();
  }

  private static JWSSigner signerFor(SigningAlgorithm alg, JWK jwk) throws JOSEException {
    return switch (alg) {
      case ES256 -> new ECDSASigner((ECKey) jwk);
      case RS256 -> new RSASSASigner((RSAKey) jwk);
      case HS256 -> new MACSigner((OctetSequenceKey) jwk);
      case EdDSA -> new EdDsaJca.Signer(((OctetKeyPair) jwk).getDecodedD());
    };
  }

  private static JWSVerifier verifierFor(SigningAlgorithm alg, JWK jwk) throws JOSEException {
    return switch (alg) {
      case ES256 -> new ECDSAVerifier(((ECKey) jwk).toECPublicKey());
      case RS256 -> new RSASSAVerifier(((RSAKey) jwk).toRSAPublicKey());
      case HS256 -> new MACVerifier((OctetSequenceKey) jwk);
      case EdDSA -> new EdDsaJca.Verifier(((OctetKeyPair) jwk).getDecodedX());
    };
  }
}
