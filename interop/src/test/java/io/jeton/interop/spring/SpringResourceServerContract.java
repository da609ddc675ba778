package io.jeton.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.interop.Http;
import io.jeton.interop.Jeton;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What every Spring Boot resource-server recipe of docs/integrations.md must do with Jeton's
 * tokens of its realm: accept them, with the right {@code sub} and one {@code SCOPE_} authority
 * per scope; and refuse with 401 {@code invalid_token} a tampered token, an expired one, and one
 * of another realm. Each subclass starts its recipe's app, configured exactly as the docs say.
 */
abstract class SpringResourceServerContract {
  static final Jeton JETON = Jeton.shared();
  private static final List<ConfigurableApplicationContext> APPS = new ArrayList<>();
  private static String base;

  /** The realm the recipe's resource server trusts. */
  abstract String realm();

  /** A realm that differs only in name (issuer and keys): its tokens must be refused. */
  abstract String otherRealm();

  static void start(Class<?> app, Map<String, Object> properties) {
    ConfigurableApplicationContext context = SpringApps.start(app, properties);
    APPS.add(context);
    base = SpringApps.base(context);
  }

  /** Closes {@code context} with the others after the class. */
  static void keep(ConfigurableApplicationContext context) {
    APPS.add(context);
  }

  @AfterAll
  static void stop() {
    APPS.forEach(ConfigurableApplicationContext::close);
    APPS.clear();
  }

  static HttpResponse<String> whoami(String token) {
    return Http.get(base + "/orders/whoami", token);
  }

  /** A 401 whose RFC 6750 challenge says {@code invalid_token} and why (lower case). */
  static void assertRefused(HttpResponse<String> r, String why) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
    assertThat(challenge).startsWith("Bearer error=\"invalid_token\"");
    assertThat(challenge.toLowerCase(java.util.Locale.ROOT)).contains(why);
  }

  /** The app's {@code SCOPE_} authorities (Spring Security 7 adds others, such as {@code FACTOR_BEARER}). */
  static List<String> scopes(JsonNode whoami) {
    List<String> out = new ArrayList<>();
    whoami.get("authorities").forEach(a -> {
      if (a.asText().startsWith("SCOPE_")) {
        out.add(a.asText());
      }
    });
    return out;
  }

  @Test
  void clientCredentialsToken_accepted_subIsTheClientAndScopesAreAuthorities() {
    String token = JETON.clientToken(realm());
    HttpResponse<String> r = whoami(token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode me = Jeton.json(r.body());
    assertThat(me.get("sub").asText()).isEqualTo("app");
    assertThat(me.get("aud").toString()).isEqualTo("[\"" + Jeton.AUDIENCE + "\"]");
    assertThat(scopes(me)).containsExactly("SCOPE_orders:read", "SCOPE_orders:write");
  }

  @Test
  void userToken_accepted_subIsTheUsersIdAsJetonKnowsIt() {
    String token = JETON.userToken(realm());
    JsonNode introspected = JETON.introspect(realm(), token);
    assertThat(introspected.get("username").asText()).isEqualTo("alice");

    HttpResponse<String> r = whoami(token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode me = Jeton.json(r.body());
    assertThat(me.get("sub").asText()).isEqualTo(introspected.get("sub").asText()).isNotEqualTo("alice");
    assertThat(scopes(me)).containsExactly("SCOPE_orders:read");
  }

  @Test
  void tamperedToken_refused() {
    assertRefused(whoami(Jeton.tampered(JETON.clientToken(realm()))), "invalid signature");
  }

  @Test
  void expiredToken_refused() {
    assertRefused(whoami(JETON.expiredToken(realm())), "expired");
  }

  @Test
  void otherRealmsToken_refused() {
    // signed by the other realm's key, which is not in this realm's JWKS
    assertRefused(whoami(JETON.clientToken(otherRealm())), "no matching key");
  }

  @Test
  void noToken_refused() {
    HttpResponse<String> r = whoami(null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
  }
}
