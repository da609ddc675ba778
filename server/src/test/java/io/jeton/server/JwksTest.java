package io.jeton.server;

import static io.jeton.server.TestNode.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7517 JWKS over HTTP: issued tokens verify against the served keys, per algorithm. */
class JwksTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JWKSet jwks(String realm) throws Exception {
    HttpResponse<String> r = node.get("/realms/" + realm + "/oauth2/jwks");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/jwk-set+json");
    // SPEC 10: cached no longer than keyPublishSeconds (default 600: half of it, at most 300)
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("public, max-age=300");
    return JWKSet.parse(r.body());
  }

  private static SignedJWT issue(String realm) throws Exception {
    return SignedJWT.parse(node.clientToken(realm).get("access_token").asText());
  }

  private static JWK keyOf(JWKSet set, SignedJWT jwt) {
    JWK key = set.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).as("kid " + jwt.getHeader().getKeyID() + " in " + set).isNotNull();
    assertThat(key.isPrivate()).isFalse();
    return key;
  }

  @Test
  void es256_tokenVerifiesWithServedKey() throws Exception {
    SignedJWT jwt = issue("acme");
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getType().toString()).isEqualTo("at+jwt");
    ECKey key = (ECKey) keyOf(jwks("acme"), jwt);
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
  }

  @Test
  void rs256_tokenVerifiesWithServedKey() throws Exception {
    SignedJWT jwt = issue("rs");
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    RSAKey key = (RSAKey) keyOf(jwks("rs"), jwt);
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
  }

  @Test
  void edDsa_tokenVerifiesWithServedKeyThroughJca() throws Exception {
    SignedJWT jwt = issue("ed");
    assertThat(jwt.getHeader().getAlgorithm()).isIn(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    OctetKeyPair key = (OctetKeyPair) keyOf(jwks("ed"), jwt);
    assertThat(key.getCurve().getName()).isEqualTo("Ed25519");
    // SubjectPublicKeyInfo for Ed25519 (RFC 8410): fixed prefix, then the 32-byte key
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(key.getDecodedX()));
    PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    Signature sig = Signature.getInstance("Ed25519");
    sig.initVerify(pub);
    sig.update(jwt.getSigningInput());
    assertThat(sig.verify(jwt.getSignature().decode())).isTrue();
    sig.initVerify(pub);
    sig.update((new String(jwt.getSigningInput(), StandardCharsets.US_ASCII) + "x").getBytes(StandardCharsets.US_ASCII));
    assertThat(sig.verify(jwt.getSignature().decode())).isFalse();
  }

  @Test
  void hs256_servesNoKeysAndTokenIsHmac() throws Exception {
    assertThat(jwks("hs").getKeys()).isEmpty();
    assertThat(issue("hs").getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
  }

  @Test
  void tamperedToken_doesNotVerify() throws Exception {
    SignedJWT jwt = issue("acme");
    ECKey key = (ECKey) keyOf(jwks("acme"), jwt);
    String[] parts = jwt.serialize().split("\\.");
    String otherPayload = SignedJWT.parse(node.clientToken("acme").get("access_token").asText()).serialize()
        .split("\\.")[1];
    JWSObject forged = JWSObject.parse(parts[0] + "." + otherPayload + "." + parts[2]);
    assertThat(forged.verify(new ECDSAVerifier(key))).isFalse();
  }

  @Test
  void unknownRealm_is404() {
    assertError(node.get("/realms/nope/oauth2/jwks"), 404, "invalid_request", "realm 'nope' does not exist");
  }

  @Test
  void post_is405() {
    HttpResponse<String> r = node.post("acme", "jwks", "");
    assertError(r, 405, "invalid_request", "method POST is not allowed here; use GET");
    assertThat(r.headers().firstValue("Allow")).contains("GET");
  }
}
