package io.jeton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.realm.Realm;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AccessTokenVerifier against the tokens and JWKS of a real Jeton, its fetches counted by a proxy. */
class AccessTokenVerifierTest {
  private static final String AUDIENCE = "orders-api";
  private final JetonNode node = JetonNode.shared();
  private final AtomicLong ticks = new AtomicLong(1_000_000_000_000L);
  private CountingProxy proxy;

  @BeforeEach
  void proxy() {
    proxy = new CountingProxy(node.base);
  }

  @AfterEach
  void close() {
    proxy.close();
  }

  /** A verifier of the realm's tokens whose JWKS comes through the proxy. */
  private AccessTokenVerifier.Builder verifier(String realm) {
    return AccessTokenVerifier.newBuilder().issuer(node.issuer(realm))
        .jwksUri(URI.create(proxy.issuer(realm) + "/oauth2/jwks")).audience(AUDIENCE).ticker(ticks::get);
  }

  private int jwksFetches(String realm) {
    return proxy.count("/realms/" + realm + "/oauth2/jwks");
  }

  private static void assertRefused(Runnable verify, String description) {
    assertThatThrownBy(verify::run).isInstanceOfSatisfying(OAuthError.class, e -> {
      assertThat(e.error()).isEqualTo("invalid_token");
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.description()).hasValueSatisfying(d -> assertThat(d).contains(description));
    });
  }

  @Test
  void jetonsTokens_es256Rs256EdDsa_areAccepted() {
    for (String realm : List.of("sdk", "rs", "ed")) {
      VerifiedAccessToken t = verifier(realm).build().verify(node.clientToken(realm));
      assertThat(t.issuer()).isEqualTo(node.issuer(realm).toString());
      assertThat(t.subject()).isEqualTo("app");
      assertThat(t.clientId()).contains("app");
      assertThat(t.audience()).containsExactly(AUDIENCE);
      assertThat(t.scopes()).containsExactly("orders:read", "orders:write");
      assertThat(t.hasScope("orders:read")).isTrue();
      assertThat(t.jwtId()).isPresent();
      assertThat(t.confirmation().bound()).isFalse();
      assertThat(t.expiresAt()).isAfter(Instant.now());
    }
  }

  @Test
  void userToken_carriesItsSession() {
    String token = (String) node.login("sdk").get("access_token");
    VerifiedAccessToken t = verifier("sdk").build().verify(token);
    assertThat(t.sessionId()).hasValue((String) JetonNode.claims(token).get("sid"));
    assertThat(t.subject()).isNotEqualTo("app");
  }

  @Test
  void tamperedToken_isRefused() {
    String[] parts = node.clientToken("sdk").split("\\.");
    String claims = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
        .replace("orders:read", "orders:admin");
    String forged = parts[0] + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertRefused(() -> verifier("sdk").build().verify(forged), "bad signature");
  }

  @Test
  void expiredToken_isRefused_pastTheClockSkew() {
    String token = node.clientToken("sdk");
    Instant exp = Instant.ofEpochSecond(((Number) JetonNode.claims(token).get("exp")).longValue());
    AccessTokenVerifier.Builder b = verifier("sdk").clockSkew(Duration.ofSeconds(30));
    assertThat(b.clock(() -> exp.plusSeconds(29)).build().verify(token).subject()).isEqualTo("app");
    assertRefused(() -> b.clock(() -> exp.plusSeconds(30)).build().verify(token), "expired at");
  }

  @Test
  void tokenOfAnotherIssuer_isRefused_evenWhenItsSignatureVerifies() {
    // the JWKS of realm sdk-other, so that only the iss check stands between its token and realm sdk
    AccessTokenVerifier v = verifier("sdk").jwksUri(URI.create(proxy.issuer("sdk-other") + "/oauth2/jwks")).build();
    assertRefused(() -> v.verify(node.clientToken("sdk-other")), "issuer '" + node.issuer("sdk-other") + "' is not");
  }

  @Test
  void tokenForAnotherAudience_isRefused() {
    AccessTokenVerifier v = AccessTokenVerifier.newBuilder().issuer(node.issuer("sdk")).audience("billing-api").build();
    assertRefused(() -> v.verify(node.clientToken("sdk")), "audience [orders-api] is not one of [billing-api]");
  }

  @Test
  void typJwt_isRefusedByDefault_acceptedWhenAllowed() {
    String token = node.clientToken("jwt");
    assertRefused(() -> verifier("jwt").build().verify(token), "typ 'JWT' is not an accepted access token type");
    assertThat(verifier("jwt").acceptedTypes("at+jwt", "JWT").build().verify(token).subject()).isEqualTo("app");
  }

  @Test
  void algorithmNotOnTheAllowList_isRefused() {
    assertRefused(() -> verifier("sdk").algorithms("RS256").build().verify(node.clientToken("sdk")),
        "algorithm 'ES256' is not accepted");
    assertRefused(() -> verifier("hs").build().verify(node.clientToken("hs")), "algorithm 'HS256' is not accepted");
    String[] parts = node.clientToken("sdk").split("\\.");
    String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + parts[1] + ".";
    assertRefused(() -> verifier("sdk").build().verify(none), "not a signed JWT");
    assertThatThrownBy(() -> verifier("sdk").algorithms("HS256")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rotatedKey_isPickedUp() throws Exception {
    AccessTokenVerifier v = verifier("rotating").jwksMinRefetchInterval(Duration.ofSeconds(30)).build();
    String before = node.clientToken("rotating");
    VerifiedAccessToken old = v.verify(before);
    Realm realm = node.server.engine().realm("rotating").orElseThrow();
    KeySchedule next = node.server.engine().rotateKeys(realm, true);
    String after = node.clientToken("rotating");
    assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(next.kid()).isNotEqualTo(old.keyId());
    ticks.addAndGet(TimeUnit.SECONDS.toNanos(30));

    assertThat(v.verify(after).keyId()).isEqualTo(next.kid());
    assertThat(v.verify(before).keyId()).as("the old key stays published").isEqualTo(old.keyId());
    assertThat(jwksFetches("rotating")).isEqualTo(2);
  }

  @Test
  void unknownKid_refetchesAtMostOncePerInterval() throws Exception {
    AccessTokenVerifier v = verifier("sdk").jwksMinRefetchInterval(Duration.ofSeconds(30)).build();
    String token = node.clientToken("sdk");
    v.verify(token);
    assertThat(jwksFetches("sdk")).isEqualTo(1);
    for (int i = 0; i < 50; i++) {
      String forged = withKid(token, "made-up-" + i);
      assertRefused(() -> v.verify(forged), "unknown key id 'made-up-");
    }
    assertThat(jwksFetches("sdk")).as("inside the interval of the first fetch").isEqualTo(1);

    ticks.addAndGet(TimeUnit.SECONDS.toNanos(30));
    for (int i = 0; i < 50; i++) {
      String forged = withKid(token, "other-" + i);
      assertRefused(() -> v.verify(forged), "unknown key id 'other-");
    }
    assertThat(jwksFetches("sdk")).as("one more for the first unknown kid, none for the rest").isEqualTo(2);
    assertThat(v.verify(token).subject()).isEqualTo("app");
    assertThat(jwksFetches("sdk")).isEqualTo(2);
  }

  @Test
  void jwksIsRefetchedWhenOlderThanItsMaxAge() {
    AccessTokenVerifier v = verifier("sdk").jwksMaxAge(Duration.ofMinutes(5)).build();
    String token = node.clientToken("sdk");
    v.verify(token);
    ticks.addAndGet(TimeUnit.MINUTES.toNanos(4));
    v.verify(token);
    assertThat(jwksFetches("sdk")).isEqualTo(1);
    ticks.addAndGet(TimeUnit.MINUTES.toNanos(2));
    v.verify(token);
    assertThat(jwksFetches("sdk")).isEqualTo(2);
  }

  @Test
  void noJwks_isATransportFailure_notARefusal() {
    AccessTokenVerifier v = verifier("sdk").jwksUri(URI.create("http://127.0.0.1:1/jwks"))
        .requestTimeout(Duration.ofSeconds(2)).build();
    String token = node.clientToken("sdk");
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> v.verify(token)).as("rate-limited: no second try at once")
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("the last fetch failed");
  }

  @Test
  void dpopBoundToken_needsItsKey() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    ECKey other = new ECKeyGenerator(Curve.P_256).generate();
    String tokenUri = node.issuer("sdk") + "/oauth2/token";
    SignedJWT dpop = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
        .jwk(key.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
        .claim("htm", "POST").claim("htu", tokenUri).issueTime(new Date()).build());
    dpop.sign(new ECDSASigner(key));
    String proof = dpop.serialize();
    HttpResponse<String> r = node.send(HttpRequest.newBuilder(URI.create(tokenUri))
        .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", proof)
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("app:app-secret".getBytes()))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String token = (String) JetonNode.json(r.body()).get("access_token");
    AccessTokenVerifier v = verifier("sdk").build();

    assertRefused(() -> v.verify(token), "the token is bound to a key (cnf)");
    VerifiedAccessToken t = v.verify(token, TokenBinding.dpop(key));
    assertThat(t.confirmation().jkt()).hasValue(key.computeThumbprint().toString());
    assertThat(v.verify(token, TokenBinding.dpop(t.confirmation().jkt().get())).subject()).isEqualTo("app");
    assertRefused(() -> v.verify(token, TokenBinding.dpop(other)), "the token is bound to another key");
    String jkt = key.computeThumbprint().toString();
    assertRefused(() -> v.verify(token, TokenBinding.certificateThumbprint(jkt)),
        "the token is bound to another key");
    assertRefused(() -> v.verify(node.clientToken("sdk"), TokenBinding.dpop(key)), "the token is not bound to a key");
  }

  @Test
  void certificateBinding_matchesX5tS256Only() {
    Confirmation cnf = new Confirmation(java.util.Optional.empty(), java.util.Optional.of("abc"));
    assertThat(TokenBinding.certificateThumbprint("abc").matches(cnf)).isTrue();
    assertThat(TokenBinding.certificateThumbprint("abd").matches(cnf)).isFalse();
    assertThat(TokenBinding.dpop("abc").matches(cnf)).isFalse();
  }

  @Test
  void builderRefusesAVerifierWithoutIssuerOrAudience() {
    assertThatThrownBy(() -> AccessTokenVerifier.newBuilder().audience("a").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AccessTokenVerifier.newBuilder().issuer(node.issuer("sdk")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
  }

  /** The token with another {@code kid} in its header (so its signature no longer matters). */
  private static String withKid(String token, String kid) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    JWSHeader h = new JWSHeader.Builder(jwt.getHeader()).keyID(kid).build();
    String[] parts = token.split("\\.");
    return h.toBase64URL() + "." + parts[1] + "." + parts[2];
  }
}
