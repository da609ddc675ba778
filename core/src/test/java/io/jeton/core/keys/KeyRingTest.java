package io.jeton.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.KeyPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.TokenCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyRingTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration PUBLISH = Duration.ofSeconds(600);
  private static final Duration ACCESS_TTL = Duration.ofSeconds(300);

  private final CountingKeyStore store = new CountingKeyStore(InMemoryStores.create().keys());
  private final MasterKey master = MasterKey.generate();
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = () -> now.get();
  private final AtomicLong nanos = new AtomicLong();
  private final KeyRing ring = node();
  private final TokenCodec codec = new TokenCodec(ring);

  /** Another node on the same store and clock, with the same monotonic clock for its reload throttle. */
  private KeyRing node() {
    return new KeyRing(store, master, clock, Realm::accessTokenTtl, nanos::get);
  }

  static Realm realm(String name, SigningAlgorithm alg) {
    return new Realm(RealmName.of(name), null, Optional.empty(), ACCESS_TTL, null, null, null, alg, null)
        .withKeyPolicy(new KeyPolicy(Duration.ofDays(30), PUBLISH));
  }

  /** Claims issued at {@code at}, expiring one access-token lifetime later. */
  static AccessClaims claims(Instant at) {
    Instant iat = Instant.ofEpochSecond(at.getEpochSecond());
    return new AccessClaims("iss", "user-1", List.of("api"), iat.plus(ACCESS_TTL), iat, "jti-1",
        ClientId.of("app"), List.of("a", "b"), Optional.of(SessionId.of("s1")));
  }

  private AccessClaims claims() {
    return claims(now.get());
  }

  private void advance(Duration d) {
    now.set(now.get().plus(d));
  }

  private static List<String> kids(String jwks) throws Exception {
    return JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).toList();
  }

  private static String kidOf(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  // ------------------------------------------------------------------ encoding

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void encodeThenDecode_everyAlgorithm_returnsSameClaims(SigningAlgorithm alg) {
    Realm r = realm("r-" + alg, alg);
    AccessClaims c = claims();
    String jwt = codec.encode(r, c);
    String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
    assertThat(header).contains("\"typ\":\"at+jwt\"").contains("\"alg\":\"" + (alg == SigningAlgorithm.EdDSA ? "EdDSA" : alg.name()) + "\"");
    assertThat(codec.decode(r, jwt)).contains(c);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void decode_tamperedPayload_isEmpty(SigningAlgorithm alg) {
    Realm r = realm("t-" + alg, alg);
    String jwt = codec.encode(r, claims());
    String[] p = jwt.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("user-1", "user-2");
    String forged = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    assertThat(codec.decode(r, forged)).isEmpty();
  }

  @Test
  void decode_tokenOfAnotherRealm_isEmpty() {
    Realm a = realm("a", SigningAlgorithm.ES256);
    Realm b = realm("b", SigningAlgorithm.ES256);
    assertThat(codec.decode(b, codec.encode(a, claims()))).isEmpty();
  }

  @Test
  void decode_garbage_isEmpty() {
    Realm a = realm("a", SigningAlgorithm.ES256);
    for (String s : List.of("", "a.b.c", "..", "x", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a".repeat(10000))) {
      assertThat(codec.decode(a, s)).as(s.length() > 20 ? s.substring(0, 20) : s).isEmpty();
    }
  }

  @Test
  void keys_areGeneratedOnceSignAtOnceAndAreStoredEncrypted() {
    Realm a = realm("a", SigningAlgorithm.ES256);
    String kid = ring.keys(a).currentKid();
    assertThat(node().keys(a).currentKid()).isEqualTo(kid);
    List<StoredKey> stored = store.list(a.name());
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).activatesAt()).as("a realm's first key signs at once").isEqualTo(stored.get(0).createdAt());
    String sealed = new String(stored.get(0).encryptedPrivateJwk(), StandardCharsets.ISO_8859_1);
    assertThat(sealed).doesNotContain("\"d\"");
    assertThat(stored.get(0).publicJwk()).doesNotContain("\"d\"");
  }

  @Test
  void jwks_publishesPublicKeysOnlyAndNeverHmacSecrets() throws Exception {
    JWKSet es = JWKSet.parse(ring.keys(realm("e", SigningAlgorithm.ES256)).jwksJson());
    assertThat(es.getKeys()).hasSize(1);
    assertThat(es.getKeys().get(0).isPrivate()).isFalse();
    assertThat(JWKSet.parse(ring.keys(realm("h", SigningAlgorithm.HS256)).jwksJson()).getKeys()).isEmpty();
  }

  // ------------------------------------------------------------------ lifecycle (SPEC 10)

  @Test
  void rotate_newKeyIsPublishedAtOnceButSignsOnlyAfterKeyPublishSeconds() throws Exception {
    Realm a = realm("pub", SigningAlgorithm.ES256);
    String old = ring.keys(a).currentKid();
    advance(Duration.ofSeconds(10));

    KeySchedule next = ring.rotate(a, false);

    assertThat(next.activatesAt()).isEqualTo(now.get().plus(PUBLISH));
    assertThat(kids(ring.keys(a).jwksJson())).containsExactly(old, next.kid());
    assertThat(kidOf(codec.encode(a, claims()))).as("pending: the old key still signs").isEqualTo(old);
    assertThat(ring.keys(a).verifiers()).containsKeys(old, next.kid());

    now.set(next.activatesAt().minusMillis(1));
    assertThat(kidOf(codec.encode(a, claims()))).isEqualTo(old);
    now.set(next.activatesAt());
    assertThat(kidOf(codec.encode(a, claims()))).as("signs once keyPublishSeconds passed").isEqualTo(next.kid());
    assertThat(kids(ring.keys(a).jwksJson())).as("the old key stays published").containsExactly(old, next.kid());
  }

  @Test
  void retiredKey_staysPublishedUntilItsLastTokenExpiredThenIsGone() throws Exception {
    Realm a = realm("ret", SigningAlgorithm.ES256);
    String old = ring.keys(a).currentKid();
    KeySchedule next = ring.rotate(a, false);
    now.set(next.activatesAt().minusSeconds(1));
    String lastOfOld = codec.encode(a, claims());
    assertThat(kidOf(lastOfOld)).isEqualTo(old);
    Instant lastExpiry = codec.decode(a, lastOfOld).orElseThrow().expiresAt();

    StoredKey retired = store.list(a.name()).stream().filter(k -> k.kid().equals(old)).findFirst().orElseThrow();
    assertThat(retired.retiredAt()).isEqualTo(next.activatesAt());
    assertThat(retired.deleteAfter()).as("retirement + longest access TTL + skew")
        .isEqualTo(next.activatesAt().plus(ACCESS_TTL).plus(KeyRing.SKEW));
    assertThat(retired.deleteAfter()).isAfter(lastExpiry);

    now.set(lastExpiry.minusSeconds(1));
    assertThat(codec.decode(a, lastOfOld)).as("the old key's tokens verify until they expire").isPresent();
    assertThat(kids(ring.keys(a).jwksJson())).contains(old);
    now.set(retired.deleteAfter().minusMillis(1));
    assertThat(kids(ring.keys(a).jwksJson())).contains(old);

    now.set(retired.deleteAfter());
    assertThat(kids(ring.keys(a).jwksJson())).as("deleted after its last token expired").containsExactly(next.kid());
    assertThat(ring.keys(a).verifiers()).doesNotContainKey(old);
    assertThat(codec.decode(a, lastOfOld)).isEmpty();
  }

  @Test
  void rotate_twiceWhilePending_retiresThePendingKeyBeforeItEverSigns() throws Exception {
    Realm a = realm("twice", SigningAlgorithm.ES256);
    String first = ring.keys(a).currentKid();
    KeySchedule second = ring.rotate(a, false);
    advance(Duration.ofSeconds(60));
    KeySchedule third = ring.rotate(a, false);

    StoredKey secondStored = store.list(a.name()).stream().filter(k -> k.kid().equals(second.kid())).findFirst()
        .orElseThrow();
    assertThat(secondStored.retiredAt()).as("retired at the third key's activation, after its own")
        .isEqualTo(third.activatesAt());
    now.set(second.activatesAt());
    assertThat(ring.keys(a).currentKid()).isEqualTo(second.kid());
    now.set(third.activatesAt());
    assertThat(ring.keys(a).currentKid()).isEqualTo(third.kid());
    assertThat(kids(ring.keys(a).jwksJson())).containsExactly(first, second.kid(), third.kid());
  }

  @Test
  void rotateNow_newKeySignsAtOnceAndOldTokensStillVerify() throws Exception {
    Realm a = realm("rot", SigningAlgorithm.ES256);
    String old = codec.encode(a, claims());
    String oldKid = ring.keys(a).currentKid();

    KeySchedule next = ring.rotate(a, true);

    assertThat(next.activatesAt()).isEqualTo(now.get());
    assertThat(ring.keys(a).currentKid()).isEqualTo(next.kid()).isNotEqualTo(oldKid);
    assertThat(codec.decode(a, old)).isPresent();
    assertThat(kids(ring.keys(a).jwksJson())).containsExactly(oldKid, next.kid());
    assertThat(codec.decode(a, codec.encode(a, claims()))).isPresent();
  }

  @Test
  void rotate_realmWithoutKeys_makesItsFirstKeySigningAtOnce() {
    Realm a = realm("fresh", SigningAlgorithm.ES256);

    KeySchedule first = ring.rotate(a, false);

    assertThat(store.list(a.name())).hasSize(1);
    assertThat(first.state(now.get())).isEqualTo(KeyState.ACTIVE);
    assertThat(ring.keys(a).currentKid()).isEqualTo(first.kid());
  }

  @Test
  void keys_whileTheViewIsCurrent_readsNothingFromTheStore() {
    Realm a = realm("hot", SigningAlgorithm.ES256);
    ring.keys(a);
    ring.rotate(a, false);
    int lists = store.lists.get();
    int schedules = store.scheduleReads.get();

    for (int i = 0; i < 1000; i++) {
      codec.decode(a, codec.encode(a, claims()));
      ring.keys(a).jwksJson();
      advance(Duration.ofMillis(100));
    }

    assertThat(store.lists.get()).isEqualTo(lists);
    assertThat(store.scheduleReads.get()).isEqualTo(schedules);
  }

  // ------------------------------------------------------------------ several nodes

  /**
   * The invariant of SPEC 10: node B's periodic reload brings in node A's pending key, so B's JWKS
   * has it long before A (or B) signs with it, and both switch by their clocks alone.
   */
  @Test
  void reloadChanged_otherNodesPendingKey_isInThisNodesJwksBeforeEitherSignsWithIt() throws Exception {
    Realm a = realm("two", SigningAlgorithm.ES256);
    KeyRing nodeA = ring;
    KeyRing nodeB = node();
    String old = nodeB.keys(a).currentKid();
    nodeA.keys(a);

    KeySchedule next = nodeA.rotate(a, false);
    assertThat(kids(nodeB.keys(a).jwksJson())).as("B has not reloaded yet").containsExactly(old);

    assertThat(nodeB.reloadChanged()).isEqualTo(1);
    assertThat(kids(nodeB.keys(a).jwksJson())).containsExactly(old, next.kid());
    assertThat(nodeB.keys(a).currentKid()).isEqualTo(old);
    assertThat(nodeA.keys(a).currentKid()).isEqualTo(old);

    int lists = store.lists.get();
    now.set(next.activatesAt());
    assertThat(nodeA.keys(a).currentKid()).isEqualTo(next.kid());
    assertThat(nodeB.keys(a).currentKid()).isEqualTo(next.kid());
    assertThat(store.lists.get()).as("the switch needs no store read").isEqualTo(lists);
  }

  @Test
  void reloadChanged_nothingChanged_readsOnlyTheSchedulesAndNoKeyMaterial() {
    Realm a = realm("quiet", SigningAlgorithm.ES256);
    Realm b = realm("quiet-b", SigningAlgorithm.RS256);
    ring.keys(a);
    ring.keys(b);
    int lists = store.lists.get();

    assertThat(ring.reloadChanged()).isZero();
    assertThat(store.lists.get()).isEqualTo(lists);
    assertThat(store.scheduleReads.get()).isEqualTo(1);
  }

  @Test
  void reloadChanged_keyDeletedByThePurge_isDroppedAndReloaded() throws Exception {
    Realm a = realm("purged", SigningAlgorithm.ES256);
    String old = ring.keys(a).currentKid();
    KeySchedule next = ring.rotate(a, true);
    KeyRing other = node();
    other.keys(a);
    now.set(next.activatesAt().plus(ACCESS_TTL).plus(KeyRing.SKEW).plusSeconds(1));
    assertThat(store.purgeExpired(a.name(), now.get(), 10)).isEqualTo(1);

    assertThat(other.reloadChanged()).isEqualTo(1);
    assertThat(kids(other.keys(a).jwksJson())).containsExactly(next.kid()).doesNotContain(old);
  }

  /**
   * A node that read the old key's retirement but not (yet) its successor, say a reload that met a
   * half-replicated read: when the retirement comes it reloads at once, throttled, rather than go
   * on signing with a key whose deletion time no longer covers its tokens.
   */
  @Test
  void keys_signerRetiredWithNoKnownSuccessor_reloadsAndSignsWithTheSuccessor() {
    Realm a = realm("stale", SigningAlgorithm.ES256);
    KeyRing nodeB = node();
    String old = nodeB.keys(a).currentKid();
    KeySchedule next = ring.rotate(a, false);
    store.hide(next.kid());
    assertThat(nodeB.reloadChanged()).isEqualTo(1);
    store.hide(null);

    now.set(next.activatesAt());
    assertThat(nodeB.keys(a).currentKid()).isEqualTo(next.kid()).isNotEqualTo(old);
  }

  @Test
  void keys_signerRetiredAndTheReloadFindsNoSuccessor_keepsSigningAndRetriesAtMostOncePerInterval() {
    Realm a = realm("stale-down", SigningAlgorithm.ES256);
    KeyRing nodeB = node();
    String old = nodeB.keys(a).currentKid();
    KeySchedule next = ring.rotate(a, false);
    store.hide(next.kid());
    nodeB.reloadChanged();
    now.set(next.activatesAt());

    int lists = store.lists.get();
    for (int i = 0; i < 100; i++) {
      assertThat(nodeB.keys(a).currentKid()).isEqualTo(old);
    }
    assertThat(store.lists.get() - lists).as("one reload in the interval").isEqualTo(1);

    store.hide(null);
    nanos.addAndGet(KeyRing.RELOAD_INTERVAL.toNanos());
    advance(KeyRing.RELOAD_INTERVAL);
    assertThat(nodeB.keys(a).currentKid()).isEqualTo(next.kid());
  }

  @Test
  void keys_anotherNodesKey_isFoundByReload() {
    Realm a = realm("shared", SigningAlgorithm.ES256);
    KeyRing nodeA = node();
    KeyRing nodeB = node();
    nodeB.keys(a);
    nodeA.rotate(a, true);
    String token = new TokenCodec(nodeA).encode(a, claims());
    assertThat(new TokenCodec(nodeB).decode(a, token)).isPresent();
  }

  @Test
  void algorithmChange_newAlgorithmSignsAtOnceAndOldKeyRetiresButStillVerifies() throws Exception {
    Realm es = realm("chg", SigningAlgorithm.ES256);
    String esToken = codec.encode(es, claims());
    String esKid = ring.keys(es).currentKid();

    Realm rs = realm("chg", SigningAlgorithm.RS256);
    RealmKeys keys = ring.keys(rs);

    assertThat(keys.algorithm().getName()).isEqualTo("RS256");
    assertThat(kids(keys.jwksJson())).hasSize(2).contains(esKid);
    assertThat(codec.decode(rs, esToken)).isPresent();
    StoredKey esStored = store.list(es.name()).getFirst();
    assertThat(esStored.retiredAt()).isEqualTo(now.get());
  }

  // ------------------------------------------------------------------ scheduled rotation

  @Test
  void rotateIfDue_onlyOnceTheNewestKeyIsKeyRotationDaysOld() throws Exception {
    Realm a = realm("sched", SigningAlgorithm.ES256);
    ring.keys(a);

    now.set(T0.plus(Duration.ofDays(30)).minusMillis(1));
    assertThat(ring.rotateIfDue(a, store.schedules(a.name()), now.get())).isFalse();
    now.set(T0.plus(Duration.ofDays(30)));
    assertThat(ring.rotateIfDue(a, store.schedules(a.name()), now.get())).isTrue();
    assertThat(ring.rotateIfDue(a, store.schedules(a.name()), now.get())).as("the new key is the newest now").isFalse();

    List<StoredKey> keys = store.list(a.name());
    assertThat(keys).hasSize(2);
    assertThat(keys.get(1).activatesAt()).isEqualTo(now.get().plus(PUBLISH));
    assertThat(kids(ring.keys(a).jwksJson())).as("this node publishes it at once").contains(keys.get(1).kid());
  }

  @Test
  void rotateIfDue_rotationOffOrNoKeyYet_doesNothing() {
    Realm off = realm("off", SigningAlgorithm.ES256).withKeyPolicy(new KeyPolicy(Duration.ZERO, PUBLISH));
    ring.keys(off);
    now.set(T0.plus(Duration.ofDays(3650)));
    assertThat(ring.rotateIfDue(off, store.schedules(off.name()), now.get())).isFalse();
    Realm unused = realm("unused", SigningAlgorithm.ES256);
    assertThat(ring.rotateIfDue(unused, List.of(), now.get())).isFalse();
    assertThat(store.list(unused.name())).isEmpty();
  }

  /** N threads on two "nodes" find the rotation due at once: exactly one key is added. */
  @Test
  void rotateIfDue_racedOnTwoNodes_addsExactlyOneKey() throws Exception {
    Realm a = realm("race", SigningAlgorithm.ES256);
    ring.keys(a);
    now.set(T0.plus(Duration.ofDays(31)));
    List<KeySchedule> seen = store.schedules(a.name());
    KeyRing[] nodes = {ring, node()};
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      KeyRing n = nodes[i % 2];
      Callable<Boolean> c = () -> {
        start.await();
        return n.rotateIfDue(a, seen, now.get());
      };
      calls.add(threads.submit(c));
    }
    start.countDown();
    int won = 0;
    for (Future<Boolean> f : calls) {
      won += f.get() ? 1 : 0;
    }
    threads.shutdown();

    assertThat(won).isEqualTo(1);
    assertThat(store.list(a.name())).hasSize(2);
  }

  // ------------------------------------------------------------------ unknown kids (review M8)

  /** Review M8: a flood of tokens with made-up kids, sent before any authentication. */
  @Test
  void verifier_floodOfUnknownKids_reloadsAtMostOncePerIntervalPerRealm() throws Exception {
    Realm a = realm("flood-a", SigningAlgorithm.ES256);
    Realm b = realm("flood-b", SigningAlgorithm.ES256);
    ring.keys(a);
    ring.keys(b);
    int afterFirstLoad = store.lists.get();

    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Object>> calls = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String kid = "forged-" + i;
      Realm r = i % 2 == 0 ? a : b;
      calls.add(threads.submit(() -> ring.verifier(r, kid)));
    }
    for (Future<Object> f : calls) {
      assertThat(f.get()).isNull();
    }
    assertThat(store.lists.get() - afterFirstLoad).as("one reload per realm in the interval").isEqualTo(2);

    nanos.addAndGet(KeyRing.RELOAD_INTERVAL.toNanos());
    for (int i = 0; i < 100; i++) {
      assertThat(ring.verifier(a, "forged-again-" + i)).isNull();
    }
    assertThat(store.lists.get() - afterFirstLoad).as("one more once the interval has passed").isEqualTo(3);
    threads.shutdown();
  }

  @Test
  void verifier_keyAddedByAnotherNode_isFoundByTheReload() {
    Realm a = realm("other-node", SigningAlgorithm.ES256);
    ring.keys(a);
    KeyRing otherNode = node();
    String newKid = otherNode.rotate(a, true).kid();

    assertThat(ring.verifier(a, newKid)).isNotNull();
  }

  /** A key store that counts reads and can hide one key (a node that cannot see it yet). */
  static final class CountingKeyStore implements KeyStore {
    private final KeyStore store;
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger scheduleReads = new AtomicInteger();
    private volatile String hidden;

    CountingKeyStore(KeyStore store) {
      this.store = store;
    }

    void hide(String kid) {
      hidden = kid;
    }

    List<KeySchedule> schedules(RealmName realm) {
      return store.list(realm).stream().map(StoredKey::schedule).toList();
    }

    @Override
    public List<StoredKey> list(RealmName realm) {
      lists.incrementAndGet();
      return store.list(realm).stream().filter(k -> !k.kid().equals(hidden)).toList();
    }

    @Override
    public List<KeySchedule> schedules() {
      scheduleReads.incrementAndGet();
      return store.schedules().stream().filter(k -> !k.kid().equals(hidden)).toList();
    }

    @Override
    public void insert(StoredKey key) {
      store.insert(key);
    }

    @Override
    public boolean rotate(RealmName realm, String newestKid, StoredKey next, Duration retention) {
      return store.rotate(realm, newestKid, next, retention);
    }

    @Override
    public void retire(RealmName realm, String kid, Instant at, Instant deleteAfter) {
      store.retire(realm, kid, at, deleteAfter);
    }

    @Override
    public void extendRetention(RealmName realm, Duration retention) {
      store.extendRetention(realm, retention);
    }

    @Override
    public int purgeExpired(RealmName realm, Instant now, int max) {
      return store.purgeExpired(realm, now, max);
    }
  }
}
