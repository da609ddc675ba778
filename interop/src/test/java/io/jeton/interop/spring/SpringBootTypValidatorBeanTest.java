package io.jeton.interop.spring;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recipe 2 (docs/integrations.md): Spring Boot 4, {@code issuer-uri} and {@code audiences}, and one
 * {@code JwtTypeValidator} bean accepting {@code at+jwt}; realm {@code rfc} (the default typ).
 */
class SpringBootTypValidatorBeanTest extends SpringResourceServerContract {
  @BeforeAll
  static void startApp() {
    start(TypValidatorApp.class, Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", JETON.issuer("rfc"),
        "spring.security.oauth2.resourceserver.jwt.audiences", "orders-api"));
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
    // RFC 8707: the client asked for another resource, so the token's aud is that resource
    assertRefused(whoami(JETON.clientToken("rfc", "resource", "https://billing.example")), "aud");
  }
}
