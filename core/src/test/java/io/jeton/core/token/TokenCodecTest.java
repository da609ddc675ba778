package io.jeton.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link TokenCodec} writes and reads beyond the fuzz: the {@code cnf} of sender-constrained tokens. */
class TokenCodecTest {
  private final Realm realm = TokenCodecFuzzTest.realm(SigningAlgorithm.ES256);

  @Test
  void encode_certificateAndDpopBoundClaims_carryCnfAndDecodeToTheSameClaims() throws Exception {
    for (Confirmation cnf : new Confirmation[] {Confirmation.certificate("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"),
        Confirmation.dpopKey("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")}) {
      AccessClaims claims = TokenCodecFuzzTest.claims().withConfirmation(cnf);
      String jwt = TokenCodecFuzzTest.CODEC.encode(realm, claims);

      Map<String, Object> written = SignedJWT.parse(jwt).getJWTClaimsSet().getJSONObjectClaim("cnf");
      assertThat(written).containsExactlyEntriesOf(cnf.x5tS256().isPresent()
          ? Map.of("x5t#S256", cnf.x5tS256().get()) : Map.of("jkt", cnf.jkt().get()));
      assertThat(TokenCodecFuzzTest.CODEC.decode(realm, jwt)).contains(claims);
    }
  }

  @Test
  void encode_bearerClaims_haveNoCnf() throws Exception {
    String jwt = TokenCodecFuzzTest.CODEC.encode(realm, TokenCodecFuzzTest.claims());
    assertThat(SignedJWT.parse(jwt).getJWTClaimsSet().getClaim("cnf")).isNull();
    assertThat(TokenCodecFuzzTest.CODEC.decode(realm, jwt).orElseThrow().confirmation()).isEqualTo(Confirmation.NONE);
  }

  @Test
  void encode_realmWithAccessTokenTypJwt_writesTypJwt() throws Exception {
    String jwt = TokenCodecFuzzTest.CODEC.encode(realm.withAccessTokenTyp(AccessTokenTyp.JWT),
        TokenCodecFuzzTest.claims());
    assertThat(SignedJWT.parse(jwt).getHeader().getType()).hasToString("JWT");
    assertThat(SignedJWT.parse(TokenCodecFuzzTest.CODEC.encode(realm, TokenCodecFuzzTest.claims())).getHeader()
        .getType()).hasToString("at+jwt");
  }

  @Test
  void decode_eitherTyp_whateverTheRealmSendsNow() {
    // a realm switched from at+jwt to JWT (or back) keeps accepting the tokens it issued before
    AccessClaims claims = TokenCodecFuzzTest.claims();
    Realm jwtRealm = realm.withAccessTokenTyp(AccessTokenTyp.JWT);
    String atJwt = TokenCodecFuzzTest.CODEC.encode(realm, claims);
    String plain = TokenCodecFuzzTest.CODEC.encode(jwtRealm, claims);

    assertThat(TokenCodecFuzzTest.CODEC.decode(jwtRealm, atJwt)).contains(claims);
    assertThat(TokenCodecFuzzTest.CODEC.decode(realm, plain)).contains(claims);
  }

  @Test
  void decode_otherTyp_isEmptyEvenWhenSigned() throws Exception {
    // RFC 9068 section 4 asks for the typ check so that no other JWT of the issuer passes for an access token
    com.nimbusds.jwt.JWTClaimsSet cs = SignedJWT.parse(TokenCodecFuzzTest.CODEC.encode(realm,
        TokenCodecFuzzTest.claims())).getJWTClaimsSet();
    for (String typ : new String[] {"dpop+jwt", "secevent+jwt", null}) {
      SignedJWT other = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
          .type(typ == null ? null : new com.nimbusds.jose.JOSEObjectType(typ))
          .keyID(TokenCodecFuzzTest.RING.keys(realm).currentKid()).build(), cs);
      other.sign(TokenCodecFuzzTest.RING.keys(realm).signer());
      assertThat(TokenCodecFuzzTest.CODEC.decode(realm, other.serialize())).as("typ " + typ).isEmpty();
    }
  }
}
