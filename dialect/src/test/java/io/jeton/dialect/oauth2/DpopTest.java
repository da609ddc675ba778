package io.jeton.dialect.oauth2;

import static io.jeton.dialect.DialectTestEngine.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.ClientId;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.dialect.DialectTestEngine;
import io.jeton.dialect.DialectTestEngine.TestClock;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DPoP at the token endpoint (RFC 9449, SPEC 8) on a real engine and H2 store: each attack a
 * client or thief can send with a proof, and what a valid proof gets. Proofs are made with Nimbus.
 */
class DpopTest {
  static final String HTU = "http://localhost:8080/realms/acme/oauth2/token";

  private final TestClock clock = new TestClock();
  private DialectTestEngine t;
  private Endpoints endpoints;
  private Realm realm;
  private ECKey key;

  @BeforeEach
  void start() throws Exception {
    start(EngineSettings.of("http://localhost:8080"));
    key = new ECKeyGenerator(Curve.P_256).generate();
  }

  private void start(EngineSettings settings) {
    t = DialectTestEngine.start(clock, settings);
    Realm r = new Realm(new RealmName("acme"), null, Optional.empty(), Duration.ofSeconds(300), null, null,
        Duration.ofSeconds(10), null, null);
    realm = t.importRealm(new RealmImport(r,
        List.of(new ClientImport("app", Optional.of("app-secret"), Set.of("password", "refresh_token",
                "client_credentials"), Set.of("read"), Optional.empty()),
            new ClientImport("pub", Optional.empty(), Set.of("refresh_token"), Set.of("read"), Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of()))));
    endpoints = new Endpoints(t.engine());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  // ---- requests and proofs

  private static WireRequest token(String body, String... proofs) {
    return request(body, true, proofs);
  }

  private static WireRequest request(String body, boolean basic, String... proofs) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Content-Type", List.of("application/x-www-form-urlencoded"));
    if (basic) {
      h.put("Authorization", List.of("Basic " + Base64.getEncoder().encodeToString(
          "app:app-secret".getBytes(StandardCharsets.UTF_8))));
    }
    if (proofs.length > 0) {
      h.put("DPoP", List.of(proofs));
    }
    return new WireRequest("POST", Map.of("realm", "acme"), WireHeaders.of(h), Map.of(),
        body.getBytes(StandardCharsets.UTF_8), RequestContext.of("c"));
  }

  private static JWTClaimsSet claims(String htm, String htu, Instant iat) {
    return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", htm).claim("htu", htu)
        .issueTime(Date.from(iat)).build();
  }

  private String proof(ECKey k) throws Exception {
    return proof(k, claims("POST", HTU, clock.instant()));
  }

  private static String proof(ECKey k, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
        .jwk(k.toPublicJWK()).build(), claims);
    jwt.sign(new ECDSASigner(k));
    return jwt.serialize();
  }

  /** A JWS with exactly this header JSON, signed by {@code signer} (or unsigned for alg none). */
  private static String raw(String headerJson, JWTClaimsSet claims, JWSSigner signer, JWSAlgorithm alg)
      throws Exception {
    String input = Base64URL.encode(headerJson).toString() + "." + Base64URL.encode(claims.toString());
    String sig = signer == null ? "" : signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII))
        .toString();
    return input + "." + sig;
  }

  private static void assertInvalidProof(WireResponse r, String description) {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(400);
    assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
    assertThat(json(r)).isEqualTo(DialectTestEngine.JSON.createObjectNode().put("error", "invalid_dpop_proof")
        .put("error_description", description));
  }

  private static String cnfJkt(String accessToken) throws Exception {
    Object cnf = SignedJWT.parse(accessToken).getJWTClaimsSet().getClaim("cnf");
    return cnf == null ? null : (String) ((Map<?, ?>) cnf).get("jkt");
  }

  // ---- a valid proof

  @Test
  void token_validProof_issuesDpopTokenBoundToTheKeyThumbprint() throws Exception {
    WireResponse r = endpoints.token(token("grant_type=client_credentials", proof(key)));

    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("token_type").asText()).isEqualTo("DPoP");
    String thumbprint = key.toPublicJWK().computeThumbprint("SHA-256").toString();
    assertThat(cnfJkt(body.get("access_token").asText())).isEqualTo(thumbprint);
    assertThat(r.headers()).doesNotContainKey("DPoP-Nonce");

    JsonNode introspected = json(endpoints.introspect(request("token=" + body.get("access_token").asText(), true)));
    assertThat(introspected.get("active").asBoolean()).isTrue();
    assertThat(introspected.get("token_type").asText()).isEqualTo("DPoP");
    assertThat(introspected.get("cnf").get("jkt").asText()).isEqualTo(thumbprint);
  }

  @Test
  void token_noProof_staysABearerTokenWithoutCnf() throws Exception {
    JsonNode body = json(endpoints.token(token("grant_type=client_credentials")));

    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(cnfJkt(body.get("access_token").asText())).isNull();
  }

  @Test
  void token_rsaAndPsProofs_areAccepted() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256)) {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(new JOSEObjectType("dpop+jwt"))
          .jwk(rsa.toPublicJWK()).build(), claims("POST", HTU, clock.instant()));
      jwt.sign(new RSASSASigner(rsa));
      WireResponse r = endpoints.token(token("grant_type=client_credentials", jwt.serialize()));
      assertThat(r.status()).as(alg + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(cnfJkt(json(r).get("access_token").asText()))
          .isEqualTo(rsa.toPublicJWK().computeThumbprint().toString());
    }
  }

  @Test
  void token_ed25519Proof_isAcceptedAsEdDsaAndAsEd25519() throws Exception {
    for (String alg : List.of("EdDSA", "Ed25519")) {
      org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters priv =
          new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(new java.security.SecureRandom());
      com.nimbusds.jose.jwk.OctetKeyPair okp = new com.nimbusds.jose.jwk.OctetKeyPair.Builder(Curve.Ed25519,
          Base64URL.encode(priv.generatePublicKey().getEncoded())).build();
      String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"" + alg + "\",\"jwk\":" + okp.toJSONString() + "}";
      String input = Base64URL.encode(header) + "." + Base64URL.encode(claims("POST", HTU, clock.instant()).toString());
      org.bouncycastle.crypto.signers.Ed25519Signer signer = new org.bouncycastle.crypto.signers.Ed25519Signer();
      signer.init(true, priv);
      byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
      signer.update(bytes, 0, bytes.length);

      WireResponse r = endpoints.token(token("grant_type=client_credentials",
          input + "." + Base64URL.encode(signer.generateSignature())));

      assertThat(r.status()).as(alg + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(cnfJkt(json(r).get("access_token").asText())).isEqualTo(okp.computeThumbprint().toString());
    }
  }

  @Test
  void token_htuDiffersOnlyByCaseDefaultPortQueryOrFragment_isAccepted() throws Exception {
    // RFC 9449 section 4.3: compared after syntax- and scheme-based normalisation, without query and fragment
    String htu = "HTTP://LocalHost:8080/realms/acme/oauth2/token?x=1#f";
    WireResponse r = endpoints.token(token("grant_type=client_credentials",
        proof(key, claims("POST", htu, clock.instant()))));

    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
  }

  @Test
  void metadata_listsTheDpopSigningAlgorithms() {
    JsonNode m = json(endpoints.metadata(new WireRequest("GET", Map.of("realm", "acme"), WireHeaders.EMPTY,
        Map.of(), new byte[0], RequestContext.of("c"))));

    List<String> algs = new ArrayList<>();
    m.get("dpop_signing_alg_values_supported").forEach(n -> algs.add(n.asText()));
    assertThat(algs).contains("ES256", "RS256", "PS256", "EdDSA").doesNotContain("HS256", "none");
  }

  // ---- attacks: each is 400 invalid_dpop_proof and issues nothing

  @Test
  void token_wrongHtm_isInvalidDpopProof() throws Exception {
    assertInvalidProof(endpoints.token(token("grant_type=client_credentials",
        proof(key, claims("GET", HTU, clock.instant())))), "DPoP proof 'htm' 'GET' is not POST");
  }

  @Test
  void token_wrongHtu_isInvalidDpopProof() throws Exception {
    String other = "http://localhost:8080/realms/other/oauth2/token";
    assertInvalidProof(endpoints.token(token("grant_type=client_credentials",
        proof(key, claims("POST", other, clock.instant())))), "DPoP proof 'htu' '" + other + "' is not " + HTU);
  }

  @Test
  void token_staleIat_isInvalidDpopProof() throws Exception {
    assertInvalidProof(endpoints.token(token("grant_type=client_credentials",
        proof(key, claims("POST", HTU, clock.instant().minusSeconds(61))))),
        "DPoP proof 'iat' is more than 60 s from now");
  }

  @Test
  void token_futureIat_isInvalidDpopProof() throws Exception {
    assertInvalidProof(endpoints.token(token("grant_type=client_credentials",
        proof(key, claims("POST", HTU, clock.instant().plusSeconds(61))))),
        "DPoP proof 'iat' is more than 60 s from now");
  }

  @Test
  void token_replayedProof_isInvalidDpopProofTheSecondTime() throws Exception {
    String proof = proof(key);
    assertThat(endpoints.token(token("grant_type=client_credentials", proof)).status()).isEqualTo(200);

    assertInvalidProof(endpoints.token(token("grant_type=client_credentials", proof)),
        "DPoP proof 'jti' has been used before");
  }

  @Test
  void token_hs256Proof_isInvalidDpopProof() throws Exception {
    byte[] secret = new byte[32];
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt"))
        .jwk(key.toPublicJWK()).build(), claims("POST", HTU, clock.instant()));
    jwt.sign(new MACSigner(secret));

    assertInvalidProof(endpoints.token(token("grant_type=client_credentials", jwt.serialize())),
        "DPoP proof 'alg' 'HS256' is not an accepted asymmetric algorithm");
  }

  @Test
  void token_algNoneProof_isInvalidDpopProof() throws Exception {
    String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + key.toPublicJWK().toJSONString() + "}";

    assertInvalidProof(endpoints.token(token("grant_type=client_credentials",
        raw(header, claims("POST", HTU, clock.instant()), null, null))),
        "DPoP proof is not a well-formed signed JWT");
  }

  @Test
  void token_privateKeyInJwk_isInvalidDpopProof() throws Exception {
    String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toJSONString() + "}";
    assertThat(key.toJSONObject()).containsKey("d");

    WireResponse r = endpoints.token(token("grant_type=client_credentials",
        raw(header, claims("POST", HTU, clock.instant()), new ECDSASigner(key), JWSAlgorithm.ES256)));

    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("invalid_dpop_proof");
  }

  @Test
  void token_proofWithoutTyp_isInvalidDpopProof() throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).jwk(key.toPublicJWK()).build(),
        claims("POST", HTU, clock.instant()));
    jwt.sign(new ECDSASigner(key));

    assertInvalidProof(endpoints.token(token("grant_type=client_credentials", jwt.serialize())),
        "DPoP proof 'typ' must be 'dpop+jwt'");
  }

  @Test
  void token_proofSignedByAnotherKeyThanItsJwk_isInvalidDpopProof() throws Exception {
    ECKey other = new ECKeyGenerator(Curve.P_256).generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
        .jwk(key.toPublicJWK()).build(), claims("POST", HTU, clock.instant()));
    jwt.sign(new ECDSASigner(other));

    assertInvalidProof(endpoints.token(token("grant_type=client_credentials", jwt.serialize())),
        "DPoP proof signature does not verify with its 'jwk'");
  }

  @Test
  void token_twoDpopHeaders_isInvalidDpopProof() throws Exception {
    assertInvalidProof(endpoints.token(token("grant_type=client_credentials", proof(key), proof(key))),
        "more than one DPoP header");
  }

  @Test
  void token_garbageProof_isInvalidDpopProofNotA500() {
    for (String junk : List.of("", "x", "a.b.c", "e30.e30.", "....", "\u0000")) {
      WireResponse r = endpoints.token(token("grant_type=client_credentials", junk));
      assertThat(r.status()).as(junk).isEqualTo(400);
      assertThat(json(r).get("error").asText()).isEqualTo("invalid_dpop_proof");
    }
  }

  @Test
  void token_seededMutationsOfAValidProof_areAcceptedOrInvalidDpopProof_neverAnError() throws Exception {
    java.util.Random random = new java.util.Random(20261202L);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"{}:,";
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder(proof(key));
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        int at = random.nextInt(b.length());
        switch (random.nextInt(3)) {
          case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> b.deleteCharAt(at);
          default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      WireResponse r = endpoints.token(token("grant_type=client_credentials", b.toString()));
      assertThat(r.status()).as(b.toString()).isIn(200, 400);
      if (r.status() == 400) {
        assertThat(json(r).get("error").asText()).as(b.toString()).isEqualTo("invalid_dpop_proof");
      }
    }
  }

  // ---- refresh tokens: a public client's are bound to its key, a confidential client's are not

  /** A session of the public client {@code pub} with one unbound refresh token; returns the token. */
  private String publicSession(Optional<String> jkt) {
    Instant now = clock.instant();
    SessionId sid = new SessionId(Tokens.random(16));
    Session session = new Session(realm.name(), sid, t.stores().users().findByUsername(realm.name(), "alice")
        .orElseThrow().id(), ClientId.of("pub"), t.engine().authServices(realm).get(0).id(), Set.of("read"), now,
        now.plus(Duration.ofDays(1)), Optional.empty());
    String raw = Tokens.opaque();
    t.stores().sessions().create(session, RefreshToken.fresh(realm.name(), Tokens.sha256(raw), sid,
        ClientId.of("pub"), now, now.plus(Duration.ofHours(1))).boundTo(jkt));
    return raw;
  }

  private static WireRequest publicRefresh(String refreshToken, String... proofs) {
    return request("grant_type=refresh_token&client_id=pub&refresh_token=" + refreshToken, false, proofs);
  }

  @Test
  void refresh_publicClientWithProof_bindsTheSuccessorToTheKey() throws Exception {
    String first = publicSession(Optional.empty());
    WireResponse r = endpoints.token(publicRefresh(first, proof(key)));
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(json(r).get("token_type").asText()).isEqualTo("DPoP");
    String next = json(r).get("refresh_token").asText();

    assertThat(t.stores().sessions().findRefreshToken(realm.name(), Tokens.sha256(next)).orElseThrow().token()
        .dpopJkt()).contains(key.toPublicJWK().computeThumbprint().toString());
    WireResponse again = endpoints.token(publicRefresh(next, proof(key)));
    assertThat(again.status()).as(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(cnfJkt(json(again).get("access_token").asText()))
        .isEqualTo(key.toPublicJWK().computeThumbprint().toString());
  }

  @Test
  void refresh_boundTokenWithProofByAnotherKey_isInvalidDpopProof() throws Exception {
    String bound = publicSession(Optional.of(key.toPublicJWK().computeThumbprint().toString()));
    ECKey thief = new ECKeyGenerator(Curve.P_256).generate();

    assertInvalidProof(endpoints.token(publicRefresh(bound, proof(thief))),
        "DPoP proof is signed by another key than the one the refresh token is bound to");
    // the refusal used nothing: the holder of the key still refreshes
    assertThat(endpoints.token(publicRefresh(bound, proof(key))).status()).isEqualTo(200);
  }

  @Test
  void refresh_boundTokenWithoutProof_isInvalidDpopProof() throws Exception {
    String bound = publicSession(Optional.of(key.toPublicJWK().computeThumbprint().toString()));

    assertInvalidProof(endpoints.token(publicRefresh(bound)),
        "refresh token is bound to a DPoP key; send a DPoP proof signed by it");
    assertThat(endpoints.token(publicRefresh(bound, proof(key))).status()).isEqualTo(200);
  }

  @Test
  void refresh_confidentialClient_tokenIsNotBoundButNewAccessTokensAreWithAProof() throws Exception {
    WireResponse login = endpoints.token(token("grant_type=password&username=alice&password=alice-pass",
        proof(key)));
    assertThat(login.status()).as(new String(login.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(json(login).get("token_type").asText()).isEqualTo("DPoP");
    String refresh = json(login).get("refresh_token").asText();
    assertThat(t.stores().sessions().findRefreshToken(realm.name(), Tokens.sha256(refresh)).orElseThrow().token()
        .dpopJkt()).isEmpty();

    WireResponse plain = endpoints.token(token("grant_type=refresh_token&refresh_token=" + refresh));
    assertThat(plain.status()).isEqualTo(200);
    assertThat(json(plain).get("token_type").asText()).isEqualTo("Bearer");
    WireResponse proved = endpoints.token(token("grant_type=refresh_token&refresh_token="
        + json(plain).get("refresh_token").asText(), proof(key)));
    assertThat(proved.status()).isEqualTo(200);
    assertThat(json(proved).get("token_type").asText()).isEqualTo("DPoP");
    assertThat(cnfJkt(json(proved).get("access_token").asText()))
        .isEqualTo(key.toPublicJWK().computeThumbprint().toString());
  }

  // ---- server nonces (RFC 9449 section 8), when the server asks for them

  @Test
  void token_nonceRequiredAndMissing_isUseDpopNonceWithANonceThatThenWorks() throws Exception {
    t.close();
    start(EngineSettings.of("http://localhost:8080").withDpopNonce(true));

    WireResponse first = endpoints.token(token("grant_type=client_credentials", proof(key)));
    assertThat(first.status()).isEqualTo(400);
    assertThat(json(first)).isEqualTo(DialectTestEngine.JSON.createObjectNode().put("error", "use_dpop_nonce")
        .put("error_description", "DPoP proof must carry the nonce of the DPoP-Nonce header"));
    String nonce = first.headers().get("DPoP-Nonce");
    assertThat(nonce).isNotBlank();

    JWTClaimsSet withNonce = new JWTClaimsSet.Builder(claims("POST", HTU, clock.instant())).claim("nonce", nonce)
        .build();
    WireResponse second = endpoints.token(token("grant_type=client_credentials", proof(key, withNonce)));
    assertThat(second.status()).as(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(json(second).get("token_type").asText()).isEqualTo("DPoP");
    assertThat(second.headers()).containsKey("DPoP-Nonce");
  }

  @Test
  void token_nonceFromLongAgoOrMadeUp_isUseDpopNonce() throws Exception {
    t.close();
    start(EngineSettings.of("http://localhost:8080").withDpopNonce(true));
    String nonce = endpoints.token(token("grant_type=client_credentials", proof(key))).headers().get("DPoP-Nonce");
    clock.advance(Duration.ofMinutes(4));

    for (String stale : List.of(nonce, "made-up")) {
      JWTClaimsSet c = new JWTClaimsSet.Builder(claims("POST", HTU, clock.instant())).claim("nonce", stale).build();
      WireResponse r = endpoints.token(token("grant_type=client_credentials", proof(key, c)));
      assertThat(r.status()).isEqualTo(400);
      assertThat(json(r).get("error").asText()).isEqualTo("use_dpop_nonce");
      assertThat(r.headers().get("DPoP-Nonce")).isNotEqualTo(nonce);
    }
  }
}
