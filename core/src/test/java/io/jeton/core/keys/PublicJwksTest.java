package io.jeton.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicJwksTest {
  @Test
  void problems_publicEcAndRsaKeys_none() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();

    assertThat(PublicJwks.problems(new JWKSet(List.of(ec.toPublicJWK(), rsa.toPublicJWK())).toString())).isEmpty();
  }

  @Test
  void problems_privateRsaKey_namesTheKeyAndWhatToRemove() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();

    assertThat(PublicJwks.problems(new JWKSet(rsa).toString(false))).containsExactly("jwks key 0 (kid 'rsa') contains"
        + " a private key: register only the public key (remove \"d\", \"p\", \"q\", \"dp\", \"dq\", \"qi\")");
    assertThatThrownBy(() -> PublicJwks.parse(new JWKSet(rsa).toString(false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key");
  }

  @Test
  void problems_symmetricKeyEmptySetOrNotJson_areRefused() throws Exception {
    String oct = new JWKSet(new OctetSequenceKeyGenerator(256).generate()).toString(false);

    assertThat(PublicJwks.problems(oct)).singleElement().asString().contains("is not a public RSA, EC");
    assertThat(PublicJwks.problems("{\"keys\":[]}")).containsExactly("jwks has no keys");
    assertThat(PublicJwks.problems("[1,2]")).singleElement().asString().startsWith("jwks is not a JWK Set");
    assertThat(PublicJwks.problems("x".repeat(PublicJwks.MAX_LENGTH + 1))).singleElement().asString()
        .contains("longer than");
  }

  @Test
  void verifiers_onlyForAsymmetricAlgorithmsAndTheNamedOrMatchingKeys() throws Exception {
    ECKey a = new ECKeyGenerator(Curve.P_256).keyID("a").generate();
    ECKey b = new ECKeyGenerator(Curve.P_256).keyID("b").keyUse(KeyUse.SIGNATURE).generate();
    ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("c").generate();
    PublicJwks set = PublicJwks.parse(new JWKSet(List.of(a.toPublicJWK(), b.toPublicJWK(), p384.toPublicJWK()))
        .toString());

    assertThat(set.verifiers(new JWSHeader(JWSAlgorithm.ES256))).hasSize(2);
    assertThat(set.verifiers(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("b").build())).hasSize(1);
    assertThat(set.verifiers(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("nope").build())).isEmpty();
    assertThat(set.verifiers(new JWSHeader(JWSAlgorithm.ES384))).hasSize(1);
    assertThat(set.verifiers(new JWSHeader(JWSAlgorithm.HS256))).isEmpty();
    assertThat(set.verifiers(new JWSHeader(JWSAlgorithm.RS256))).isEmpty();
  }
}
