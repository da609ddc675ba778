package io.jeton.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Recipe 4 (docs/integrations.md): Nimbus JOSE+JWT's {@code DefaultJWTProcessor} set up the RFC
 * 9068 way, against realm {@code rfc}'s JWKS; and the default processor, which refuses {@code
 * at+jwt}, for the record.
 */
class NimbusJwtProcessorTest {
  private static final Jeton JETON = Jeton.shared();

  /** The recipe: a processor for one realm's access tokens. */
  static ConfigurableJWTProcessor<SecurityContext> processor(String issuer, String audience) throws Exception {
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(issuer + "/oauth2/jwks").toURL())
        .retrying(true).build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    // RFC 9068 section 4: "Resource servers MUST verify that the typ header value is at+jwt"
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("sub", "exp", "iat", "jti", "client_id")));
    return p;
  }

  private static final ConfigurableJWTProcessor<SecurityContext> RFC = build();

  private static ConfigurableJWTProcessor<SecurityContext> build() {
    try {
      return processor(JETON.issuer("rfc"), Jeton.AUDIENCE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void clientToken_accepted_withSubAndScope() throws Exception {
    JWTClaimsSet claims = RFC.process(JETON.clientToken("rfc"), null);

    assertThat(claims.getSubject()).isEqualTo("app");
    assertThat(claims.getStringClaim("scope")).isEqualTo(Jeton.SCOPE);
    assertThat(claims.getAudience()).containsExactly(Jeton.AUDIENCE);
  }

  @Test
  void userToken_accepted_subIsTheUsersId() throws Exception {
    String token = JETON.userToken("rfc");
    assertThat(RFC.process(token, null).getSubject()).isEqualTo(JETON.introspect("rfc", token).get("sub").asText());
  }

  @Test
  void tamperedToken_refused() {
    assertThatThrownBy(() -> RFC.process(Jeton.tampered(JETON.clientToken("rfc")), null))
        .isInstanceOf(BadJOSEException.class).hasMessageContaining("Invalid signature");
  }

  @Test
  void expiredToken_refused() {
    assertThatThrownBy(() -> RFC.process(JETON.expiredToken("rfc"), null))
        .isInstanceOf(BadJWTException.class).hasMessage("Expired JWT");
  }

  @Test
  void otherRealmsToken_refused() {
    assertThatThrownBy(() -> RFC.process(JETON.clientToken("rfc-other"), null))
        .isInstanceOf(BadJOSEException.class).hasMessageContaining("no matching key");
  }

  @Test
  void tokenForAnotherAudience_refused() {
    assertThatThrownBy(() -> RFC.process(JETON.clientToken("rfc", "resource", "https://billing.example"), null))
        .isInstanceOf(BadJWTException.class).hasMessage("JWT aud claim rejected");
  }

  @Test
  void typJwtToken_refusedByTheRfc9068Processor() throws Exception {
    // realm spring's typ JWT is checked before its key: the typ verifier refuses it first
    assertThatThrownBy(() -> processor(JETON.issuer("spring"), Jeton.AUDIENCE).process(JETON.clientToken("spring"),
        null)).isInstanceOf(BadJOSEException.class).hasMessageContaining("typ");
  }

  @Test
  void defaultProcessor_refusesAtJwt_acceptsTheJwtRealmsTokens() throws Exception {
    // why accessTokenTyp exists: Nimbus's default typ verifier takes JWT or none, as Spring's does
    DefaultJWTProcessor<SecurityContext> plain = new DefaultJWTProcessor<>();
    plain.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
        JWKSourceBuilder.create(URI.create(JETON.jwksUri("rfc")).toURL()).build()));
    assertThatThrownBy(() -> plain.process(JETON.clientToken("rfc"), null))
        .isInstanceOf(BadJOSEException.class).hasMessageContaining("at+jwt");

    DefaultJWTProcessor<SecurityContext> spring = new DefaultJWTProcessor<>();
    spring.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
        JWKSourceBuilder.create(URI.create(JETON.jwksUri("spring")).toURL()).build()));
    spring.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Jeton.AUDIENCE,
        new JWTClaimsSet.Builder().issuer(JETON.issuer("spring")).build(), Set.of("sub", "exp")));
    assertThat(spring.process(JETON.clientToken("spring"), null).getSubject()).isEqualTo("app");
  }
}
