package io.jeton.interop.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * Recipe 2 of docs/integrations.md: RFC 9068 {@code at+jwt} tokens with one bean. Spring Boot adds
 * every {@code OAuth2TokenValidator<Jwt>} bean to its decoder's validators, and Spring Security's
 * {@code JwtValidators.createDefaultWithValidators} puts in its own {@code JwtTypeValidator.jwt()}
 * (only {@code JWT} or none) only when the list has no {@code JwtTypeValidator} already: this bean
 * replaces it, and everything else (issuer, expiry, the {@code audiences} property) stays Boot's.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Orders.class)
public class TypValidatorApp {
  @Bean
  JwtTypeValidator jwtTypeValidator() {
    return new JwtTypeValidator("at+jwt", "application/at+jwt");
  }
}
