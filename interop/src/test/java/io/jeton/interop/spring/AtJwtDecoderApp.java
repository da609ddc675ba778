package io.jeton.interop.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Recipe 2b of docs/integrations.md: the strict RFC 9068 validator of Spring Security 7 ({@code
 * JwtValidators.createAtJwtValidator()}: typ {@code at+jwt}, issuer, audience, and {@code exp},
 * {@code iat}, {@code sub}, {@code jti}, {@code client_id} required) in a {@code JwtDecoder} bean.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Orders.class)
public class AtJwtDecoderApp {
  @Bean
  JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
      @Value("${orders.audience}") String audience) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
    decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer).audience(audience).build());
    return decoder;
  }
}
