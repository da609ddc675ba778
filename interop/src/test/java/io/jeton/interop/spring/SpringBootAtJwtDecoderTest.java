package io.jeton.interop.spring;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recipe 2b (docs/integrations.md): Spring Boot 4 with a {@code JwtDecoder} bean on Spring
 * Security's strict RFC 9068 validator ({@code JwtValidators.createAtJwtValidator()}); realm
 * {@code rfc}.
 */
class SpringBootAtJwtDecoderTest extends SpringResourceServerContract {
  @BeforeAll
  static void startApp() {
    start(AtJwtDecoderApp.class, Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", JETON.issuer("rfc"),
        "orders.audience", "orders-api"));
  }

  @Override
  String realm() {
    return "rfc";
  }

  @Override
  String otherRealm() {
    return "rfc-other";
  }

  @Test
  void tokenForAnotherAudience_refused() {
    assertRefused(whoami(JETON.clientToken("rfc", "resource", "https://billing.example")), "aud");
  }
}
