package io.jeton.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.interop.Http;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Recipe 1 (docs/integrations.md): Spring Boot 4 with only {@code issuer-uri}, realm {@code
 * spring} ({@code accessTokenTyp: JWT}); and the same app on an {@code at+jwt} realm, the failure
 * issue 12 reported.
 */
class SpringBootIssuerUriTest extends SpringResourceServerContract {
  private static String atJwtBase;

  @BeforeAll
  static void startApp() {
    ConfigurableApplicationContext onAtJwt = SpringApps.start(IssuerUriApp.class,
        Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", JETON.issuer("rfc")));
    atJwtBase = SpringApps.base(onAtJwt);
    start(IssuerUriApp.class, Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", JETON.issuer("spring")));
    keep(onAtJwt);
  }

  @Override
  String realm() {
    return "spring";
  }

  @Override
  String otherRealm() {
    return "spring-other";
  }

  @Test
  void jwtTypedToken_reachesTheAppAsTypJwt() {
    HttpResponse<String> r = whoami(JETON.clientToken("spring"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"typ\":\"JWT\"");
  }

  @Test
  void onAnAtJwtRealm_everyTokenIsRefusedForItsTyp() {
    // why accessTokenTyp exists: Spring Security 7's default JwtTypeValidator.jwt() wants JWT or none
    assertRefused(Http.get(atJwtBase + "/orders/whoami", JETON.clientToken("rfc")),
        "the given typ value needs to be one of [jwt]");
  }
}
