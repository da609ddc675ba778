package io.jeton.interop.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Recipe 1 of docs/integrations.md: a Spring Boot resource server with nothing but {@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri}, for a realm with {@code accessTokenTyp:
 * JWT}. No bean: Spring Boot's own decoder and its default validators.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Orders.class)
public class IssuerUriApp {}
