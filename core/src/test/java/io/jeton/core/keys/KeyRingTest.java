package io.jeton.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.TokenCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KeyRingTest {
  private final MemoryKeyStore store = new MemoryKeyStore();
  private final MasterKey master = MasterKey.generate();
  private final KeyRing ring = new KeyRing(store, master, InstantSource.system());
  private final TokenCodec codec = new TokenCodec(ring);

  static Realm realm(String name, SigningAlgorithm alg) {
    return new Realm(RealmName.of(name), null, Optional.empty(), null, null, null, null, alg, null);
  }

  static AccessClaims claims(String iss) {
    Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    return new AccessClaims(iss, "user-1", List.of("api"), now.plusSeconds(60), now, "jti-1",
        ClientId.of("app"), List.of("a", "b"), Optional.of(SessionId.of("s1")));
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void encodeThenDecode_everyAlgorithm_returnsSameClaims(SigningAlgorithm alg) {
    Realm r = realm("r-" + alg, alg);
    AccessClaims c = claims("https://x/realms/r");
    String jwt = codec.encode(r, c);
    String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
    assertThat(header).contains("\"typ\":\"at+jwt\"").contains("\"alg\":\"" + (alg == SigningAlgorithm.EdDSA ? "EdDSA" : alg.name()) + "\"");
    assertThat(codec.decode(r, jwt)).contains(c);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void decode_tamperedPayload_isEmpty(SigningAlgorithm alg) {
    Realm r = realm("t-" + alg, alg);
    String jwt = codec.encode(r, claims("iss"));
    String[] p = jwt.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("user-1", "user-2");
    String forged = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    assertThat(codec.decode(r, forged)).isEmpty();
  }

  @Test
  void decode_tokenOfAnotherRealm_isEmpty() {
    Realm a = realm("a", SigningAlgorithm.ES256);
    Realm b = realm("b", SigningAlgorithm.ES256);
    assertThat(codec.decode(b, codec.encode(a, claims("iss")))).isEmpty();
  }

  @Test
  void decode_garbage_isEmpty() {
    Realm a = realm("a", SigningAlgorithm.ES256);
    for (String s : List.of("", "a.b.c", "..", "x", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a".repeat(10000))) {
      assertThat(codec.decode(a, s)).as(s.length() > 20 ? s.substring(0, 20) : s).isEmpty();
    }
  }

  @Test
  void keys_areGeneratedOnceAndStoredEncrypted() {
    Realm a = realm("a", SigningAlgorithm.ES256);
    String kid = ring.keys(a).currentKid();
    assertThat(new KeyRing(store, master, InstantSource.system()).keys(a).currentKid()).isEqualTo(kid);
    assertThat(store.keys).hasSize(1);
    String sealed = new String(store.keys.get(0).encryptedPrivateJwk(), StandardCharsets.ISO_8859_1);
    assertThat(sealed).doesNotContain("\"d\"");
    assertThat(store.keys.get(0).publicJwk()).doesNotContain("\"d\"");
  }

  @Test
  void jwks_publishesPublicKeysOnlyAndNeverHmacSecrets() throws Exception {
    JWKSet es = JWKSet.parse(ring.keys(realm("e", SigningAlgorithm.ES256)).jwksJson());
    assertThat(es.getKeys()).hasSize(1);
    assertThat(es.getKeys().get(0).isPrivate()).isFalse();
    assertThat(JWKSet.parse(ring.keys(realm("h", SigningAlgorithm.HS256)).jwksJson()).getKeys()).isEmpty();
  }

  @Test
  void rotate_newKeySignsAndOldTokensStillVerify() throws Exception {
    Realm a = realm("rot", SigningAlgorithm.ES256);
    String old = codec.encode(a, claims("iss"));
    String oldKid = ring.keys(a).currentKid();
    ring.rotate(a);
    assertThat(ring.keys(a).currentKid()).isNotEqualTo(oldKid);
    assertThat(codec.decode(a, old)).isPresent();
    assertThat(JWKSet.parse(ring.keys(a).jwksJson()).getKeys()).hasSize(2);
    assertThat(codec.decode(a, codec.encode(a, claims("iss")))).isPresent();
  }

  @Test
  void keys_anotherNodesKey_isFoundByReload() {
    Realm a = realm("shared", SigningAlgorithm.ES256);
    KeyRing nodeA = new KeyRing(store, master, InstantSource.system());
    KeyRing nodeB = new KeyRing(store, master, InstantSource.system());
    nodeB.keys(a);
    nodeA.rotate(a);
    String token = new TokenCodec(nodeA).encode(a, claims("iss"));
    assertThat(new TokenCodec(nodeB).decode(a, token)).isPresent();
  }

  @Test
  void algorithmChange_generatesKeyOfNewAlgorithm() {
    ring.keys(realm("chg", SigningAlgorithm.ES256));
    RealmKeys rs = ring.keys(realm("chg", SigningAlgorithm.RS256));
    assertThat(rs.algorithm().getName()).isEqualTo("RS256");
  }

  /** Review M8: a flood of tokens with made-up kids, sent before any authentication. */
  @Test
  void verifier_floodOfUnknownKids_reloadsAtMostOncePerIntervalPerRealm() throws Exception {
    AtomicLong nanos = new AtomicLong();
    AtomicInteger lists = new AtomicInteger();
    KeyStore counting = new KeyStore() {
      @Override
      public List<StoredKey> list(RealmName realm) {
        lists.incrementAndGet();
        return store.list(realm);
      }

      @Override
      public void insert(StoredKey key) {
        store.insert(key);
      }

      @Override
      public void retire(RealmName realm, String kid, Instant at) {
        store.retire(realm, kid, at);
      }
    };
    KeyRing throttled = new KeyRing(counting, master, InstantSource.system(), nanos::get);
    Realm a = realm("flood-a", SigningAlgorithm.ES256);
    Realm b = realm("flood-b", SigningAlgorithm.ES256);
    throttled.keys(a);
    throttled.keys(b);
    int afterFirstLoad = lists.get();

    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Object>> calls = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String kid = "forged-" + i;
      Realm r = i % 2 == 0 ? a : b;
      calls.add(threads.submit(() -> throttled.verifier(r, kid)));
    }
    for (Future<Object> f : calls) {
      assertThat(f.get()).isNull();
    }
    assertThat(lists.get() - afterFirstLoad).as("one reload per realm in the interval").isEqualTo(2);

    nanos.addAndGet(KeyRing.RELOAD_INTERVAL.toNanos());
    for (int i = 0; i < 100; i++) {
      assertThat(throttled.verifier(a, "forged-again-" + i)).isNull();
    }
    assertThat(lists.get() - afterFirstLoad).as("one more once the interval has passed").isEqualTo(3);
    threads.shutdown();
  }

  @Test
  void verifier_keyAddedByAnotherNode_isFoundByTheReload() {
    Realm a = realm("other-node", SigningAlgorithm.ES256);
    ring.keys(a);
    KeyRing otherNode = new KeyRing(store, master, InstantSource.system());
    String newKid = otherNode.rotate(a).currentKid();

    assertThat(ring.verifier(a, newKid)).isNotNull();
  }
}
