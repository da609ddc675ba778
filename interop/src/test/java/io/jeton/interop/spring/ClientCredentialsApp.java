package io.jeton.interop.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * Recipe 3 of docs/integrations.md: a service that calls an API with a client_credentials token
 * from Jeton, through Spring Security's OAuth 2 client. The registration is in properties; these
 * two beans get, cache and renew the token outside any HTTP request (a scheduled job, a consumer),
 * which is what {@code AuthorizedClientServiceOAuth2AuthorizedClientManager} is for.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ClientCredentialsApp {
  @Bean
  OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
      OAuth2AuthorizedClientService clients) {
    AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
        new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
    manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
    return manager;
  }

  @Bean
  RestClient ordersClient(OAuth2AuthorizedClientManager manager, @Value("${orders.base-url}") String baseUrl) {
    OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
    interceptor.setClientRegistrationIdResolver(request -> "jeton");
    return RestClient.builder().baseUrl(baseUrl).requestInterceptor(interceptor).build();
  }
}
