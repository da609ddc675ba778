package io.jeton.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
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
}
