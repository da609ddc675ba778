package io.jeton.dialect.oauth2;

import static io.jeton.dialect.DialectTestEngine.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.DialectTestEngine;
import io.jeton.dialect.DialectTestEngine.TestClock;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code private_key_jwt} (RFC 7523 section 2.2, SPEC 8) on the token, introspection and
 * revocation endpoints of a real engine and H2 store: each attack is the request an attacker sends.
 * Client {@code signer} registered the public half of an EC key and an RSA key and has no secret.
 */
class PrivateKeyJwtTest {
  private static final String ISSUER = "http://localhost:8080/realms/acme";
  private static final String TOKEN_ENDPOINT = ISSUER + "/oauth2/token";
  private static final String INVALID_CLIENT =
      "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}";

  private static final ECKey EC = generateEc();
  private static final RSAKey RSA = generateRsa();

  private final TestClock clock = new TestClock();
  private DialectTestEngine t;
  private Endpoints endpoints;

  @BeforeEach
  void start() {
    t = DialectTestEngine.start(clock);
    Realm realm = new Realm(new RealmName("acme"), null, Optional.empty(), Duration.ofSeconds(300), null, null,
        Duration.ofSeconds(10), null, null);
    String jwks = new JWKSet(List.of(EC.toPublicJWK(), RSA.toPublicJWK())).toString(true);
    t.importRealm(new RealmImport(realm, List.of(
        new ClientImport("signer", Optional.empty(), Set.of("client_credentials"), Set.of("read"), Optional.empty(),
            false, 0, Optional.of(jwks), List.of())),
        List.of()));
    endpoints = new Endpoints(t.engine());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void token_validEcAssertion_is200WithATokenForTheClient() {
    WireResponse r = endpoints.token(post(credentials(sign(EC, claims()))));

    assertThat(r.status()).as(body(r)).isEqualTo(200);
    String at = json(r).get("access_token").asText();
    assertThat(t.engine().validateAccessToken(realm(), at).orElseThrow().clientId().value()).isEqualTo("signer");
  }

  @Test
  void token_validRsaAssertionWithClientIdAndTokenEndpointAudience_is200() {
    String jwt = sign(RSA, claims(b -> b.audience(TOKEN_ENDPOINT)));

    WireResponse r = endpoints.token(post("client_id=signer&" + credentials(jwt)));

    assertThat(r.status()).as(body(r)).isEqualTo(200);
  }

  @Test
  void introspectAndRevoke_withAssertions_areAuthenticated() {
    String at = json(endpoints.token(post(credentials(sign(EC, claims()))))).get("access_token").asText();

    WireResponse introspected = endpoints.introspect(post("token=" + at + "&" + credentials(sign(EC, claims()))));
    WireResponse revoked = endpoints.revoke(post("token=" + at + "&" + credentials(sign(EC, claims()))));

    assertThat(json(introspected).get("active").asBoolean()).as(body(introspected)).isTrue();
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(t.engine().validateAccessToken(realm(), at)).isEmpty();
  }

  @Test
  void token_replayedAssertion_is401InvalidClient() {
    String jwt = sign(EC, claims());
    assertThat(endpoints.token(post(credentials(jwt))).status()).isEqualTo(200);

    assertInvalidClient(endpoints.token(post(credentials(jwt))), "jti already used");
  }

  @Test
  void token_replayToASecondNodeOnTheSameDatabase_is401InvalidClient() {
    String jwt = sign(EC, claims());
    assertThat(endpoints.token(post(credentials(jwt))).status()).isEqualTo(200);

    try (Engine second = t.secondNode()) {
      WireResponse r = new Endpoints(second).token(post(credentials(jwt)));
      assertThat(r.status()).isEqualTo(401);
      assertThat(body(r)).isEqualTo(INVALID_CLIENT);
    }
  }

  @Test
  void token_wrongAudience_is401InvalidClient() {
    assertInvalidClient(endpoints.token(post(credentials(sign(EC,
        claims(b -> b.audience("http://localhost:8080/realms/other")))))), "aud names neither");
  }

  @Test
  void token_expiredAssertion_is401InvalidClient() {
    String jwt = sign(EC, claims());
    clock.advance(Duration.ofMinutes(2));

    assertInvalidClient(endpoints.token(post(credentials(jwt))), "expired");
  }

  @Test
  void token_expMoreThanFiveMinutesAhead_is401InvalidClient() {
    Date tenMinutes = Date.from(clock.instant().plus(Duration.ofMinutes(10)));
    assertInvalidClient(endpoints.token(post(credentials(sign(EC, claims(b -> b.expirationTime(tenMinutes)))))),
        "minutes ahead");
  }

  @Test
  void token_noExp_is401InvalidClient() {
    assertInvalidClient(endpoints.token(post(credentials(sign(EC, claims(b -> b.expirationTime(null)))))),
        "no exp");
  }

  @Test
  void token_signedByAForeignKey_is401InvalidClient() {
    ECKey foreign = generateEc();
    assertInvalidClient(endpoints.token(post(credentials(sign(foreign, claims())))), "signature");
  }

  @Test
  void token_foreignKeyClaimingTheRegisteredKid_is401InvalidClient() {
    ECKey impostor = generateEc(EC.getKeyID());
    assertInvalidClient(endpoints.token(post(credentials(sign(impostor, claims())))), "signature");
  }

  @Test
  void token_algNone_is401InvalidClient() {
    String unsigned = new PlainJWT(claims().build()).serialize();

    assertInvalidClient(endpoints.token(post(credentials(unsigned))), "not a signed JWT");
  }

  @Test
  void token_hs256WithTheClientIdAsSecret_is401InvalidClient() throws Exception {
    // the classic key confusion: a MAC keyed with public knowledge (padded to HS256's 256 bits)
    byte[] key = "signer".repeat(6).getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    jwt.sign(new MACSigner(key));

    assertInvalidClient(endpoints.token(post(credentials(jwt.serialize()))), "alg 'HS256' is not allowed");
  }

  @Test
  void token_hs256KeyedWithTheRegisteredPublicKey_is401InvalidClient() throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    jwt.sign(new MACSigner(EC.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));

    assertInvalidClient(endpoints.token(post(credentials(jwt.serialize()))), "alg 'HS256' is not allowed");
  }

  @Test
  void token_tamperedSignature_is401InvalidClient() {
    String jwt = sign(EC, claims());
    String[] parts = jwt.split("\\.");
    byte[] sig = new Base64URL(parts[2]).decode();
    sig[sig.length / 2] ^= 1;
    String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(sig);

    assertInvalidClient(endpoints.token(post(credentials(tampered))), "signature");
  }

  @Test
  void token_tamperedClaimsUnderAValidSignature_is401InvalidClient() {
    String[] parts = sign(EC, claims()).split("\\.");
    String otherClaims = Base64URL.encode(claims(b -> b.claim("scope", "admin")).build().toString()).toString();

    assertInvalidClient(endpoints.token(post(credentials(parts[0] + "." + otherClaims + "." + parts[2]))),
        "signature");
  }

  @Test
  void token_issNotSub_is401InvalidClient() {
    assertInvalidClient(endpoints.token(post(credentials(sign(EC, claims(b -> b.issuer("someone-else")))))),
        "iss is not the client id");
  }

  @Test
  void token_clientIdOfAnotherClientThanTheAssertions_is401InvalidClient() {
    assertInvalidClient(endpoints.token(post("client_id=app&" + credentials(sign(EC, claims())))), "");
  }

  @Test
  void token_noJti_is401InvalidClient() {
    assertInvalidClient(endpoints.token(post(credentials(sign(EC, claims(b -> b.jwtID(null)))))), "no jti");
  }

  @Test
  void token_unknownAssertionType_is401InvalidClient() {
    WireResponse r = endpoints.token(post("grant_type=client_credentials&client_assertion_type=urn%3Aother"
        + "&client_assertion=" + sign(EC, claims())));

    assertThat(r.status()).isEqualTo(401);
    assertThat(body(r)).isEqualTo("{\"error\":\"invalid_client\",\"error_description\":\"client_assertion_type"
        + " must be '" + ClientAuth.JWT_BEARER + "'\"}");
  }

  @Test
  void token_assertionAndClientSecret_is400InvalidRequest() {
    WireResponse r = endpoints.token(post("client_secret=x&" + credentials(sign(EC, claims()))));

    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r)).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"the client used more"
        + " than one authentication method (client_assertion and a secret)\"}");
  }

  @Test
  void token_garbageAssertion_is401NeverA500() {
    for (String garbage : List.of("x", "a.b.c", "..", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzaWduZXIifQ.AAAA",
        "eyJzdWIiOiJzaWduZXIifQ")) {
      WireResponse r = endpoints.token(post("client_id=signer&" + credentials(garbage)));
      assertThat(r.status()).as(garbage).isEqualTo(401);
      assertThat(body(r)).isEqualTo(INVALID_CLIENT);
    }
  }

  @Test
  void token_clientWithJwksButNoSecret_cannotAuthenticateWithoutAnAssertion() {
    WireResponse r = endpoints.token(post("grant_type=client_credentials&client_id=signer"));

    assertThat(r.status()).isEqualTo(401);
    assertThat(body(r)).isEqualTo(INVALID_CLIENT);
  }

  @Test
  void token_pastTheClientFailureLimitOfForgedAssertions_evenAValidOneGets429() {
    ECKey foreign = generateEc();
    for (int i = 0; i < 20; i++) {
      assertThat(endpoints.token(post(credentials(sign(foreign, claims())))).status()).isEqualTo(401);
    }

    WireResponse r = endpoints.token(post(credentials(sign(EC, claims()))));

    assertThat(r.status()).isEqualTo(429);
    assertThat(json(r).get("error").asText()).isEqualTo("slow_down");
    assertThat(r.headers()).containsKey("Retry-After");
  }

  @Test
  void metadata_listsPrivateKeyJwtAndItsAsymmetricAlgorithms() {
    WireResponse r = endpoints.metadata(new WireRequest("GET", Map.of("realm", "acme"), WireHeaders.single(),
        Map.of(), new byte[0], RequestContext.of("c")));

    for (String endpoint : List.of("token", "introspection", "revocation")) {
      assertThat(json(r).get(endpoint + "_endpoint_auth_methods_supported").toString()).contains("\"private_key_jwt\"");
      assertThat(json(r).get(endpoint + "_endpoint_auth_signing_alg_values_supported").toString())
          .contains("\"ES256\"", "\"RS256\"", "\"PS256\"", "\"EdDSA\"").doesNotContain("HS256", "none");
    }
  }

  private void assertInvalidClient(WireResponse r, String auditedReason) {
    assertThat(r.status()).as(body(r)).isEqualTo(401);
    assertThat(body(r)).isEqualTo(INVALID_CLIENT);
    assertThat(r.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"acme\"");
    t.engine().flushAudit();
    List<AuditEvent> failed = t.stores().audit().recent("acme", 100).stream()
        .filter(e -> e.type() == AuditType.CLIENT_AUTH_FAILED).toList();
    assertThat(failed).isNotEmpty();
    assertThat(failed.get(0).detail()).startsWith("method private_key_jwt").contains(auditedReason);
  }

  private Realm realm() {
    return t.engine().realm("acme").orElseThrow();
  }

  private JWTClaimsSet.Builder claims() {
    Instant now = clock.instant();
    return new JWTClaimsSet.Builder().issuer("signer").subject("signer").audience(ISSUER)
        .expirationTime(Date.from(now.plusSeconds(60))).issueTime(Date.from(now)).jwtID(UUID.randomUUID().toString());
  }

  private JWTClaimsSet.Builder claims(UnaryOperator<JWTClaimsSet.Builder> change) {
    return change.apply(claims());
  }

  private static String sign(ECKey key, JWTClaimsSet.Builder claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
        claims, () -> new ECDSASigner(key));
  }

  private static String sign(RSAKey key, JWTClaimsSet.Builder claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(key.getKeyID()).build(), claims,
        () -> new RSASSASigner(key));
  }

  private interface SignerFactory {
    JWSSigner make() throws Exception;
  }

  private static String sign(JWSHeader header, JWTClaimsSet.Builder claims, SignerFactory signer) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims.build());
      jwt.sign(signer.make());
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String credentials(String jwt) {
    return "grant_type=client_credentials&client_assertion_type="
        + URLEncoder.encode(ClientAuth.JWT_BEARER, StandardCharsets.UTF_8) + "&client_assertion=" + jwt;
  }

  private static WireRequest post(String body) {
    return new WireRequest("POST", Map.of("realm", "acme"), WireHeaders.single("Content-Type",
        "application/x-www-form-urlencoded"), Map.of(), body.getBytes(StandardCharsets.UTF_8), RequestContext.of("c"));
  }

  private static String body(WireResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static ECKey generateEc() {
    return generateEc(UUID.randomUUID().toString());
  }

  private static ECKey generateEc(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generateRsa() {
    try {
      return new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
