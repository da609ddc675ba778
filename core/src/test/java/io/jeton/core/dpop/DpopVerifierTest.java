package io.jeton.core.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.RealmName;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.replay.ReplayStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** RFC 9449 section 4.3 checks in core, with an in-memory replay store and a clock that stands still. */
class DpopVerifierTest {
  static final String URI = "https://auth.example.com/realms/acme/oauth2/token";
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
  final InstantSource clock = () -> now.get();
  final ReplayStore replays = InMemoryStores.create().replays();
  final DpopVerifier verifier = new DpopVerifier(replays, Optional.empty(), clock);
  final Realm realm = new Realm(new RealmName("acme"), null, Optional.empty(), Duration.ofSeconds(300), null, null,
      Duration.ofSeconds(10), null, null);

  static ECKey ec() throws Exception {
    return new ECKeyGenerator(Curve.P_256).generate();
  }

  String proof(ECKey key, String jti, String htu, Instant iat) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
        .jwk(key.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID(jti).claim("htm", "POST")
        .claim("htu", htu).issueTime(Date.from(iat)).build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  DpopVerifier.Result verify(String jwt) {
    return verifier.verify(realm, DpopProof.of(jwt, "POST", URI));
  }

  @Test
  void verify_iatExactlySixtySecondsEitherWay_isAccepted() throws Exception {
    ECKey key = ec();
    assertThat(verify(proof(key, "a", URI, now.get().minusSeconds(60)))).isInstanceOf(DpopVerifier.Result.Verified.class);
    assertThat(verify(proof(key, "b", URI, now.get().plusSeconds(60)))).isInstanceOf(DpopVerifier.Result.Verified.class);
  }

  @Test
  void verify_validProof_namesTheRfc7638ThumbprintOfItsKey() throws Exception {
    ECKey key = ec();
    assertThat(verify(proof(key, "a", URI, now.get())))
        .isEqualTo(new DpopVerifier.Result.Verified(key.toPublicJWK().computeThumbprint("SHA-256").toString()));
  }

  @Test
  void verify_proofRefusedForItsHtu_doesNotUseUpItsJti() throws Exception {
    ECKey key = ec();
    assertThat(verify(proof(key, "j", "https://evil.example/token", now.get())))
        .isInstanceOf(DpopVerifier.Result.Refused.class);

    assertThat(verify(proof(key, "j", URI, now.get()))).isInstanceOf(DpopVerifier.Result.Verified.class);
  }

  @Test
  void verify_sameJtiByAnotherKey_isAnotherProof() throws Exception {
    assertThat(verify(proof(ec(), "same", URI, now.get()))).isInstanceOf(DpopVerifier.Result.Verified.class);
    assertThat(verify(proof(ec(), "same", URI, now.get()))).isInstanceOf(DpopVerifier.Result.Verified.class);
  }

  @Test
  void verify_rsaKeyOf1024Bits_isRefused() throws Exception {
    RSAKey weak = new RSAKeyGenerator(1024, true).generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("dpop+jwt"))
        .jwk(weak.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID("r").claim("htm", "POST")
        .claim("htu", URI).issueTime(Date.from(now.get())).build());
    jwt.sign(new RSASSASigner(weak.toPrivateKey(), true));

    assertThat(verify(jwt.serialize()))
        .isEqualTo(refused("DPoP proof 'jwk' is not an accepted key (EC, RSA of 2048 bits or more, Ed25519)"));
  }

  @Test
  void verify_rsaAlgWithAnEcKey_isRefused() throws Exception {
    ECKey key = ec();
    String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + key.toPublicJWK().toJSONString() + "}";
    String claims = new JWTClaimsSet.Builder().jwtID("x").claim("htm", "POST").claim("htu", URI)
        .issueTime(Date.from(now.get())).build().toString();
    String jwt = Base64URL.encode(header) + "." + Base64URL.encode(claims) + "." + Base64URL.encode("sig");

    assertThat(verify(jwt)).isEqualTo(refused("DPoP proof 'jwk' is not a key for 'alg' RS256"));
  }

  @Test
  void verify_claimOfTheWrongTypeOrMissing_isRefusedNotThrown() throws Exception {
    ECKey key = ec();
    for (JWTClaimsSet claims : List.of(
        new JWTClaimsSet.Builder().jwtID("1").claim("htm", 7).claim("htu", URI).issueTime(new Date()).build(),
        new JWTClaimsSet.Builder().jwtID("2").claim("htu", URI).issueTime(new Date()).build(),
        new JWTClaimsSet.Builder().claim("htm", "POST").claim("htu", URI).issueTime(new Date()).build())) {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
          .jwk(key.toPublicJWK()).build(), claims);
      jwt.sign(new ECDSASigner(key));
      DpopVerifier.Result r = verify(jwt.serialize());
      assertThat(r).as(claims.toString()).isInstanceOf(DpopVerifier.Result.Refused.class);
      assertThat(((DpopVerifier.Result.Refused) r).error().code()).isEqualTo(ErrorCode.INVALID_DPOP_PROOF);
    }
  }

  @Test
  void verify_sixteenConcurrentUsesOfOneProof_exactlyOneIsAccepted() throws Exception {
    String proof = proof(ec(), "race", URI, now.get());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<DpopVerifier.Result>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return verify(proof);
        }));
      }
      start.countDown();
      int accepted = 0;
      for (Future<DpopVerifier.Result> f : results) {
        accepted += f.get() instanceof DpopVerifier.Result.Verified ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void verify_nonceOfAnotherClusterOrRealm_isUseDpopNonce() throws Exception {
    DpopNonces ours = new DpopNonces(MasterKey.generate());
    DpopVerifier strict = new DpopVerifier(replays, Optional.of(ours), clock);
    ECKey key = ec();
    String foreign = new DpopNonces(MasterKey.generate()).current(realm.name(), now.get());
    String otherRealm = ours.current(new RealmName("other"), now.get());

    for (String nonce : List.of(foreign, otherRealm)) {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
          .jwk(key.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID(nonce).claim("htm", "POST")
          .claim("htu", URI).claim("nonce", nonce).issueTime(Date.from(now.get())).build());
      jwt.sign(new ECDSASigner(key));
      DpopVerifier.Result r = strict.verify(realm, DpopProof.of(jwt.serialize(), "POST", URI));
      assertThat(((DpopVerifier.Result.Refused) r).error().code()).isEqualTo(ErrorCode.USE_DPOP_NONCE);
    }
  }

  @Test
  void normalize_followsRfc3986SchemeAndSyntaxRules() {
    assertThat(DpopVerifier.normalize("HTTPS://Auth.Example.COM:443/realms/acme/oauth2/token?a=b#c"))
        .contains(URI);
    assertThat(DpopVerifier.normalize("https://auth.example.com/realms/x/../acme/oauth2/token")).contains(URI);
    assertThat(DpopVerifier.normalize("http://h")).contains("http://h/");
    assertThat(DpopVerifier.normalize("http://h:8080/p")).contains("http://h:8080/p");
    assertThat(DpopVerifier.normalize("https://h:80/p")).contains("https://h:80/p");
    for (String bad : List.of("", "/realms/acme/oauth2/token", "ftp://h/p", "https://", "not a uri", "mailto:a@b")) {
      assertThat(DpopVerifier.normalize(bad)).as(bad).isEmpty();
    }
  }

  private static DpopVerifier.Result refused(String description) {
    return new DpopVerifier.Result.Refused(io.jeton.core.error.OAuthError.of(ErrorCode.INVALID_DPOP_PROOF,
        io.jeton.core.error.OAuthError.Reason.INVALID_PROOF, description));
  }
}
