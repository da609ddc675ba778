package io.jeton.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.interop.Jeton;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.web.client.RestClient;

/**
 * Recipe 3 (docs/integrations.md): Spring Security's OAuth 2 client gets a client_credentials
 * token from realm {@code spring} and calls recipe 1's resource server with it.
 */
class SpringOAuth2ClientCredentialsTest {
  private static final Jeton JETON = Jeton.shared();
  private static ConfigurableApplicationContext api;
  private static ConfigurableApplicationContext client;

  @BeforeAll
  static void start() {
    api = SpringApps.start(IssuerUriApp.class,
        Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", JETON.issuer("spring")));
    client = SpringApps.start(ClientCredentialsApp.class, Map.of(
        "spring.main.web-application-type", "none",
        "spring.security.oauth2.client.registration.jeton.client-id", "app",
        "spring.security.oauth2.client.registration.jeton.client-secret", "app-secret",
        "spring.security.oauth2.client.registration.jeton.authorization-grant-type", "client_credentials",
        "spring.security.oauth2.client.registration.jeton.scope", "orders:read,orders:write",
        "spring.security.oauth2.client.provider.jeton.token-uri", JETON.tokenUri("spring"),
        "orders.base-url", SpringApps.base(api)));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void clientCredentials_tokenFromJetonIsAcceptedByTheResourceServer_andReusedWhileValid() {
    RestClient orders = client.getBean(RestClient.class);
    OAuth2AuthorizedClientService cache = client.getBean(OAuth2AuthorizedClientService.class);

    JsonNode me = Jeton.json(orders.get().uri("/orders/whoami").retrieve().body(String.class));
    // outside an HTTP request the interceptor's principal is Spring Security's anonymous user
    OAuth2AuthorizedClient first = cache.loadAuthorizedClient("jeton", "anonymousUser");
    JsonNode again = Jeton.json(orders.get().uri("/orders/whoami").retrieve().body(String.class));
    OAuth2AuthorizedClient second = cache.loadAuthorizedClient("jeton", "anonymousUser");

    assertThat(me.get("sub").asText()).isEqualTo("app");
    assertThat(SpringResourceServerContract.scopes(me)).containsExactly("SCOPE_orders:read", "SCOPE_orders:write");
    assertThat(again).isEqualTo(me);
    assertThat(first).as("the token is cached").isNotNull();
    String token = first.getAccessToken().getTokenValue();
    assertThat(second.getAccessToken().getTokenValue()).as("and reused, not fetched again").isEqualTo(token);
    assertThat(Jeton.claims(token).get("iss").asText()).isEqualTo(JETON.issuer("spring"));
    assertThat(first.getAccessToken().getScopes()).containsExactlyInAnyOrderElementsOf(
        List.of("orders:read", "orders:write"));
    assertThat(JETON.introspect("spring", token).get("active").asBoolean()).isTrue();
  }
}
