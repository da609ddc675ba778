package io.jeton.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Per-realm signing keys and their lifecycle (SPEC 10), kept encrypted at rest with the master key.
 *
 * <p><b>Lifecycle.</b> A realm's first key signs at once. A rotation ({@link #rotate}, or {@link
 * #rotateIfDue} from the purge job every {@code keyRotationDays}) adds a key that is published at
 * once and activates {@code keyPublishSeconds} later, and in the same transaction retires every
 * other key at that activation, to be deleted once the last token it can have signed has expired
 * (retirement plus the realm's longest access-token lifetime ever, plus {@link #SKEW}). All these
 * times are written when the key is made, so a node that has loaded a key knows its whole future:
 * it switches signer and drops deleted keys by its own clock, with no database round trip; the
 * only thing it must learn from the store is that a key exists.
 *
 * <p><b>What a node signs with and publishes.</b> It signs with the newest key of the realm's
 * algorithm whose activation has passed and that is not retired; it publishes (and verifies with)
 * every key not past its deletion time, the pending one included. Each realm's view ({@link
 * RealmKeys}: signer, verifiers, rendered JWKS) is computed once per change and reused until the
 * next activation, retirement or deletion, so signing and serving the JWKS compare one clock
 * reading.
 *
 * <p><b>How another node learns of a new key.</b> {@link #reloadChanged} (the node's periodic
 * poll, {@code keys.reloadSeconds}) reads the lifecycle of every stored key in one query, without
 * key material, and reloads the realms whose keys differ from what it holds; {@link
 * #reload(RealmName)} reloads one realm (what a change notification will call). Besides, a token
 * with an unknown {@code kid} (another node's new key, or a forgery) and a signing key found
 * retired with no known successor reload the realm at most once per {@link #RELOAD_INTERVAL}: the
 * first caller claims the slot with a compare-and-set, every other caller in that interval gets the
 * current answer at once. Loads lock only their own realm (review M8).
 *
 * <p><b>Races.</b> A rotation is a compare-and-set on the realm's newest key ({@link
 * KeyStore#rotate}), so of two nodes or threads that find a rotation due, one adds a key and the
 * other adds none. Nodes that make a realm's first key at the same moment each insert one; they
 * then all sign with the newest once they have read both, and the next rotation retires both.
 */
public final class KeyRing {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** At most one reload of a realm's keys for an unknown kid (or a stale signer) in this interval. */
  public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);
  /**
   * Margin for clock skew between nodes and resource servers added to the longest access-token
   * lifetime before a retired key is deleted (the same 60 s as for session revocations).
   */
  public static final Duration SKEW = Duration.ofSeconds(60);
  /** How often {@link #rotate} retries its compare-and-set when other rotations win. */
  private static final int ROTATE_ATTEMPTS = 5;
  private static final Comparator<StoredKey> OLDEST_FIRST =
      Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::kid);
  private static final Comparator<StoredKey> BY_ACTIVATION =
      Comparator.comparing(StoredKey::activatesAt).thenComparing(OLDEST_FIRST);

  private final KeyStore store;
  private final MasterKey masterKey;
  private final InstantSource clock;
  private final LongSupplier nanoTime;
  private final Function<Realm, Duration> longestAccessTtl;

  private final Map<RealmName, Loaded> loaded = new ConcurrentHashMap<>();
  /** Per realm: when ({@code nanoTime}) the last throttled reload was claimed. */
  private final Map<RealmName, AtomicLong> lastReload = new ConcurrentHashMap<>();
  /** Per realm: the lock of loading, generating and rotating its keys. */
  private final Map<RealmName, Object> locks = new ConcurrentHashMap<>();

  /** Retired keys are kept for the realm's current access-token lifetime plus {@link #SKEW} (tests, benchmarks). */
  public KeyRing(KeyStore store, MasterKey masterKey, InstantSource clock) {
    this(store, masterKey, clock, Realm::accessTokenTtl);
  }

  /**
   * @param longestAccessTtl the longest access-token lifetime the realm has ever had (the store
   *     remembers it), which decides how long a retired key stays published
   */
  public KeyRing(KeyStore store, MasterKey masterKey, InstantSource clock, Function<Realm, Duration> longestAccessTtl) {
    this(store, masterKey, clock, longestAccessTtl, System::nanoTime);
  }

  /** With a monotonic clock of its own for the reload throttle (tests). */
  KeyRing(KeyStore store, MasterKey masterKey, InstantSource clock, Function<Realm, Duration> longestAccessTtl,
      LongSupplier nanoTime) {
    this.store = store;
    this.masterKey = masterKey;
    this.clock = clock;
    this.longestAccessTtl = longestAccessTtl;
    this.nanoTime = nanoTime;
  }

  /**
   * The realm's keys as of now, loading or generating them on first use. Hot path: one map lookup
   * and one clock reading while the view is current.
   */
  public RealmKeys keys(Realm realm) {
    Loaded l = loaded.get(realm.name());
    if (l != null && l.algorithm == realm.signingAlgorithm() && clock.millis() < l.view.validUntilMillis()) {
      return l.view;
    }
    return ensure(realm, false);
  }

  /**
   * A verifier for {@code kid}; when this node does not know the key (another node created it),
   * reloads from the store, at most once per {@link #RELOAD_INTERVAL} per realm; null when the
   * key is unknown or past its deletion time.
   */
  public JWSVerifier verifier(Realm realm, String kid) {
    JWSVerifier v = keys(realm).verifiers().get(kid);
    if (v != null || !claimReload(realm.name())) {
      return v;
    }
    return ensure(realm, true).verifiers().get(kid);
  }

  /**
   * Rotates the realm's keys now ({@code bin/jeton keys rotate}): adds a key of the realm's
   * algorithm that signs after {@code keyPublishSeconds}, or at once when {@code immediately} (a
   * compromised key: tokens it signs may then fail on nodes that have not loaded it yet), and
   * retires the others at its activation. A realm that has no key yet gets its first, signing at
   * once. Returns the new key.
   */
  public KeySchedule rotate(Realm realm, boolean immediately) {
    synchronized (lock(realm.name())) {
      for (int attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
        List<StoredKey> all = store.list(realm.name());
        if (all.isEmpty()) {
          ensure(realm, true);
          List<StoredKey> first = store.list(realm.name());
          return first.stream().max(OLDEST_FIRST).orElseThrow().schedule();
        }
        StoredKey newest = all.stream().max(OLDEST_FIRST).orElseThrow();
        StoredKey next = successor(realm, newest.schedule(), now(), immediately);
        if (store.rotate(realm.name(), newest.kid(), next, retention(realm))) {
          reloadIfLoaded(realm);
          return next.schedule();
        }
      }
      throw new IllegalStateException("could not rotate the keys of realm " + realm.name()
          + ": other rotations kept winning");
    }
  }

  /**
   * The scheduled rotation (SPEC 10, {@code keyRotationDays}), run by the purge job on one node at
   * a time: rotates when the realm's newest key in {@code stored} (the realm's part of {@link
   * KeyStore#schedules}) is at least {@code keyRotationDays} old. A realm that has no key yet, or
   * whose newest key is of another algorithm (its first use makes one), is left alone. Returns
   * whether this call added a key; false too when another node's rotation won the race.
   */
  public boolean rotateIfDue(Realm realm, List<KeySchedule> stored, Instant now) {
    if (!realm.keyPolicy().rotates() || stored.isEmpty()) {
      return false;
    }
    KeySchedule newest = stored.stream()
        .max(Comparator.comparing(KeySchedule::createdAt).thenComparing(KeySchedule::kid)).orElseThrow();
    if (newest.algorithm() != realm.signingAlgorithm()
        || now.isBefore(newest.createdAt().plus(realm.keyPolicy().rotation()))) {
      return false;
    }
    synchronized (lock(realm.name())) {
      StoredKey next = successor(realm, newest, now.truncatedTo(ChronoUnit.MILLIS), false);
      if (!store.rotate(realm.name(), newest.kid(), next, retention(realm))) {
        return false;
      }
      reloadIfLoaded(realm);
      return true;
    }
  }

  /**
   * Reloads every realm this node holds whose stored keys changed (a new key, a retirement, a
   * deletion): one query for the lifecycle of every key, then one per changed realm. The periodic
   * catch-up of SPEC 10's in-memory views; returns how many realms were reloaded.
   *
   * @throws RuntimeException the first failure, after every other changed realm was reloaded
   */
  public int reloadChanged() {
    if (loaded.isEmpty()) {
      return 0;
    }
    Map<RealmName, Set<KeySchedule>> stored = store.schedules().stream()
        .collect(Collectors.groupingBy(KeySchedule::realm, Collectors.toSet()));
    int reloaded = 0;
    RuntimeException first = null;
    for (Loaded l : List.copyOf(loaded.values())) {
      if (!l.schedules.equals(stored.getOrDefault(l.realm.name(), Set.of()))) {
        try {
          reload(l.realm.name());
          reloaded++;
        } catch (RuntimeException e) {
          // one unreadable realm (a key sealed with another master key) must not hold back the others
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return reloaded;
  }

  /**
   * Reads one realm's keys from the store again if this node holds them (what a key change
   * notification calls); never generates a key. A realm whose keys are all gone is forgotten, so
   * its next use loads (or makes) them.
   */
  public void reload(RealmName realm) {
    Loaded l = loaded.get(realm);
    if (l == null) {
      return;
    }
    synchronized (lock(realm)) {
      Loaded current = loaded.get(realm);
      if (current == null) {
        return;
      }
      Loaded fresh = read(current.realm, current);
      RealmKeys view = fresh.viewAt(now());
      if (view == null) {
        loaded.remove(realm);
      } else {
        loaded.put(realm, fresh.with(view));
      }
    }
  }

  /** Forgets what was loaded, so the next use reads the store again. */
  public void invalidate(RealmName realm) {
    loaded.remove(realm);
  }

  /** Forgets the keys of every realm loaded, without reading the store. */
  public void invalidateAll() {
    loaded.clear();
  }

  /** Every stored key of the realm with its lifecycle, oldest first, read from the store ({@code keys list}). */
  public List<KeySchedule> stored(RealmName realm) {
    return store.list(realm).stream().map(StoredKey::schedule).toList();
  }

  private void reloadIfLoaded(Realm realm) {
    if (loaded.containsKey(realm.name())) {
      ensure(realm, true);
    }
  }

  /**
   * The realm's current view, under its lock: recomputed from what is loaded when it expired,
   * read from the store when {@code reload}, when nothing is loaded or the algorithm changed, or
   * (throttled) when the signer is retired with no known successor; the realm's first key (or first
   * of a new algorithm) is made here.
   */
  private RealmKeys ensure(Realm realm, boolean reload) {
    RealmName name = realm.name();
    synchronized (lock(name)) {
      Instant now = now();
      Loaded l = loaded.get(name);
      boolean sameAlgorithm = l != null && l.algorithm == realm.signingAlgorithm();
      if (!reload && sameAlgorithm && now.toEpochMilli() < l.view.validUntilMillis()) {
        return l.view;
      }
      boolean fresh = reload || !sameAlgorithm;
      if (fresh) {
        l = read(realm, l);
      } else {
        l = l.forRealm(realm);
      }
      RealmKeys view = l.viewAt(now);
      if (view != null && view.stale() && !fresh && claimReload(name)) {
        l = read(realm, l);
        view = l.viewAt(now);
      }
      for (int attempt = 0; view == null && attempt < ROTATE_ATTEMPTS; attempt++) {
        makeSigningKey(realm, l, now);
        l = read(realm, l);
        view = l.viewAt(now);
      }
      if (view == null) {
        throw new IllegalStateException("no signing key for realm " + name + " after making one");
      }
      if (view.stale()) {
        view = new RealmKeys(view.currentKid(), view.algorithm(), view.signer(), view.verifiers(), view.jwksJson(),
            Math.min(view.validUntilMillis(), now.plus(RELOAD_INTERVAL).toEpochMilli()), true);
      }
      loaded.put(name, l.with(view));
      return view;
    }
  }

  /**
   * No key of the realm's algorithm signs: the realm's first key, or the first after its algorithm
   * changed. It signs at once; keys of other algorithms retire at once (their tokens keep verifying
   * until they expire).
   */
  private void makeSigningKey(Realm realm, Loaded l, Instant now) {
    StoredKey newest = l.keys.stream().map(Key::stored).max(OLDEST_FIRST).orElse(null);
    if (newest == null) {
      store.insert(generate(realm.name(), realm.signingAlgorithm(), now, now));
    } else {
      store.rotate(realm.name(), newest.kid(), successor(realm, newest.schedule(), now, true), retention(realm));
    }
  }

  /**
   * A new key made after {@code newest} (later, whatever the clocks say, so that it is the newest),
   * signing {@code keyPublishSeconds} after {@code now}, or from {@code now} when {@code immediately}.
   */
  private StoredKey successor(Realm realm, KeySchedule newest, Instant now, boolean immediately) {
    Instant created = now.isAfter(newest.createdAt()) ? now : newest.createdAt().plusMillis(1);
    Instant activates = immediately ? now : now.plus(realm.keyPolicy().publish());
    return generate(realm.name(), realm.signingAlgorithm(), created, activates);
  }

  /** How long after its retirement a key may still have unexpired tokens. */
  private Duration retention(Realm realm) {
    Duration longest = longestAccessTtl.apply(realm);
    if (longest == null || longest.compareTo(realm.accessTokenTtl()) < 0) {
      longest = realm.accessTokenTtl();
    }
    return longest.plus(SKEW);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private Object lock(RealmName realm) {
    return locks.computeIfAbsent(realm, r -> new Object());
  }

  /** Claims the realm's throttled reload: true for the first caller in each {@link #RELOAD_INTERVAL}. */
  private boolean claimReload(RealmName realm) {
    long now = nanoTime.getAsLong();
    AtomicLong last = lastReload.computeIfAbsent(realm, r -> new AtomicLong(now - RELOAD_INTERVAL.toNanos()));
    long before = last.get();
    return now - before >= RELOAD_INTERVAL.toNanos() && last.compareAndSet(before, now);
  }

  /** The realm's keys from the store, decrypting only those {@code previous} did not hold. */
  private Loaded read(Realm realm, Loaded previous) {
    Map<String, Key> known = new HashMap<>();
    if (previous != null) {
      previous.keys.forEach(k -> known.put(k.stored.kid(), k));
    }
    List<Key> keys = new ArrayList<>();
    for (StoredKey sk : store.list(realm.name())) {
      Key k = known.get(sk.kid());
      keys.add(k != null && k.stored.algorithm() == sk.algorithm() ? k.with(sk) : decrypt(sk));
    }
    return new Loaded(realm, keys, null);
  }

  private Key decrypt(StoredKey sk) {
    try {
      JWK priv = JWK.parse(new String(masterKey.decrypt(sk.encryptedPrivateJwk(), aad(sk.realm(), sk.kid())),
          StandardCharsets.UTF_8));
      return new Key(sk, sk.algorithm().isAsymmetric() ? priv.toPublicJWK() : null, signerFor(sk.algorithm(), priv),
          verifierFor(sk.algorithm(), priv));
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("stored signing key " + sk.kid() + " of realm " + sk.realm() + " is unreadable",
          e);
    }
  }

  /** One loaded key: as stored, with its public JWK (asymmetric only), signer and verifier. */
  private record Key(StoredKey stored, JWK publicJwk, JWSSigner signer, JWSVerifier verifier) {
    Key with(StoredKey s) {
      return new Key(s, publicJwk, signer, verifier);
    }
  }

  /** What this node holds for one realm: the realm as last used, its keys, and its current view. */
  private static final class Loaded {
    final Realm realm;
    final SigningAlgorithm algorithm;
    final List<Key> keys;
    final Set<KeySchedule> schedules;
    final RealmKeys view;

    Loaded(Realm realm, List<Key> keys, RealmKeys view) {
      this.realm = realm;
      this.algorithm = realm.signingAlgorithm();
      this.keys = List.copyOf(keys);
      Set<KeySchedule> s = new HashSet<>();
      keys.forEach(k -> s.add(k.stored.schedule()));
      this.schedules = Set.copyOf(s);
      this.view = view;
    }

    Loaded with(RealmKeys v) {
      return new Loaded(realm, keys, v);
    }

    Loaded forRealm(Realm r) {
      return new Loaded(r, keys, view);
    }

    /**
     * The view at {@code now}, or null when no key of the realm's algorithm has activated and is
     * still published (one must be made).
     */
    RealmKeys viewAt(Instant now) {
      Key active = null;
      Key retired = null;
      Map<String, JWSVerifier> verifiers = new HashMap<>();
      List<JWK> published = new ArrayList<>();
      long next = Long.MAX_VALUE;
      List<Key> byActivation = new ArrayList<>(keys);
      byActivation.sort(Comparator.comparing(Key::stored, BY_ACTIVATION));
      for (Key k : byActivation) {
        KeySchedule s = k.stored.schedule();
        next = Math.min(next, Math.min(after(now, s.activatesAt()),
            Math.min(after(now, s.retiredAt()), after(now, s.deleteAfter()))));
        KeyState state = s.state(now);
        if (state == KeyState.EXPIRED) {
          continue;
        }
        verifiers.put(s.kid(), k.verifier);
        // ascending activation: the last one seen is the newest
        if (s.algorithm() == algorithm && state == KeyState.ACTIVE) {
          active = k;
        } else if (s.algorithm() == algorithm && state == KeyState.RETIRED) {
          retired = k;
        }
      }
      Key signer = active != null ? active : retired;
      if (signer == null) {
        return null;
      }
      List<Key> oldestFirst = new ArrayList<>(keys);
      oldestFirst.sort(Comparator.comparing(Key::stored, OLDEST_FIRST));
      for (Key k : oldestFirst) {
        if (k.publicJwk != null && k.stored.schedule().published(now)) {
          published.add(k.publicJwk);
        }
      }
      return new RealmKeys(signer.stored.kid(), JWSAlgorithm.parse(jwsName(algorithm)), signer.signer, verifiers,
          new JWKSet(published).toString(true), next, active == null);
    }

    private static long after(Instant now, Instant t) {
      return t != null && t.isAfter(now) ? t.toEpochMilli() : Long.MAX_VALUE;
    }
  }

  private StoredKey generate(RealmName realm, SigningAlgorithm alg, Instant created, Instant activates) {
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
      byte[] sealed = masterKey.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8), aad(realm, kid));
      return new StoredKey(realm, kid, alg, publicJwk, sealed, created, activates, null, null);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + alg + " key", e);
    }
  }

  private static String aad(RealmName realm, String kid) {
    return "signing-key:" + realm.value() + ":" + kid;
  }

  static String jwsName(SigningAlgorithm alg) {
    return alg == SigningAlgorithm.EdDSA ? "EdDSA" : alg.name();
  }

  private static JWSSigner signerFor(SigningAlgorithm alg, JWK jwk) throws JOSEException {
    return switch (alg) {
      case ES256 -> NativeSignatures.es256Signer((ECKey) jwk);
      case RS256 -> NativeSignatures.rs256Signer((RSAKey) jwk);
      case HS256 -> new MACSigner((OctetSequenceKey) jwk);
      case EdDSA -> new EdDsaJca.Signer(((OctetKeyPair) jwk).getDecodedD());
    };
  }

  private static JWSVerifier verifierFor(SigningAlgorithm alg, JWK jwk) throws JOSEException {
    return switch (alg) {
      case ES256 -> NativeSignatures.ecVerifier(((ECKey) jwk).toECPublicKey());
      case RS256 -> NativeSignatures.rsaVerifier(((RSAKey) jwk).toRSAPublicKey());
      case HS256 -> new MACVerifier((OctetSequenceKey) jwk);
      case EdDSA -> new EdDsaJca.Verifier(((OctetKeyPair) jwk).getDecodedX());
    };
  }
}
