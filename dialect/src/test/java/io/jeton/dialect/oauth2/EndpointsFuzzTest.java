package io.jeton.dialect.oauth2;

import static io.jeton.dialect.EndpointFuzz.APP;
import static io.jeton.dialect.EndpointFuzz.APP_SECRET;
import static io.jeton.dialect.EndpointFuzz.MINTER;
import static io.jeton.dialect.EndpointFuzz.MINTER_PASS;
import static io.jeton.dialect.EndpointFuzz.REALM;
import static io.jeton.dialect.EndpointFuzz.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.dialect.EndpointFuzz;
import io.jeton.dialect.EndpointFuzz.Template;
import io.jeton.testkit.Fuzz;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the standard OAuth 2 endpoints in process (issue 6 point 9): mutations of valid token,
 * introspection, revocation, JWKS and metadata requests, and random requests, on a real engine
 * and H2; {@link EndpointFuzz#check} says what every answer must be.
 */
class EndpointsFuzzTest {
  static final String FORM = "application/x-www-form-urlencoded";
  static final Map<String, String> PATH = Map.of(Endpoints.REALM, REALM);
  static EndpointFuzz fuzz;
  static Endpoints endpoints;

  @BeforeAll
  static void start() {
    fuzz = EndpointFuzz.start();
    endpoints = new Endpoints(fuzz.engine().engine());
  }

  @AfterAll
  static void stop() {
    fuzz.close();
  }

  static Template post(String body) {
    return new Template("POST").path(Endpoints.REALM, REALM).header("Content-Type", FORM)
        .header("Authorization", basic(APP, APP_SECRET)).body(body);
  }

  /** A login of the minter: access and refresh tokens no earlier successful try has seen. */
  static JsonNode mint() {
    return fuzz.minted("oauth2", () -> fuzz.ok(endpoints::token,
        post("grant_type=password&username=" + MINTER + "&password=" + MINTER_PASS)));
  }

  @Test
  void token_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("token", 20261240L, 200, endpoints::token, () -> switch (pick++ % 5) {
      case 0 -> post("grant_type=client_credentials&scope=read");
      case 1 -> post("grant_type=password&username=alice&password=alice-pass&scope=read+write");
      case 2 -> new Template("POST").path(Endpoints.REALM, REALM).header("Content-Type", FORM)
          .body("grant_type=client_credentials&client_id=" + APP + "&client_secret=" + APP_SECRET);
      case 3 -> post("grant_type=refresh_token&refresh_token=" + mint().get("refresh_token").asText());
      default -> new Template("POST").path(Endpoints.REALM, REALM).header("Content-Type", FORM)
          .body("grant_type=password&client_id=pub&username=alice&password=alice-pass");
    }, PATH);
  }

  @Test
  void introspect_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("introspect", 20261242L, 120, endpoints::introspect,
        () -> post("token=" + mint().get(pick++ % 2 == 0 ? "access_token" : "refresh_token").asText()), PATH);
  }

  @Test
  void revoke_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("revoke", 20261244L, 120, endpoints::revoke,
        () -> post("token=" + mint().get(pick++ % 2 == 0 ? "access_token" : "refresh_token").asText()
            + "&token_type_hint=access_token"), PATH);
  }

  @Test
  void jwksAndMetadata_mutatedOrRandomRequests_neverServerError() {
    fuzz.fuzzRoute("jwks", 20261246L, 60, endpoints::jwks, () -> new Template("GET").path(Endpoints.REALM, REALM),
        PATH);
    fuzz.fuzzRoute("metadata", 20261248L, 60, endpoints::metadata,
        () -> new Template("GET").path(Endpoints.REALM, REALM), PATH);
  }

  /** The parser alone, many more tries: a token request parses into a grant or is refused. */
  @Test
  void tokenRequest_mutatedForms_parseOrRefuse_neverThrow() {
    Fuzz.check("token request parse", 20261250L, 1500, f -> {
      Template t = EndpointFuzz.mutate(f, post(f.pick("grant_type=client_credentials",
          "grant_type=password&username=a&password=b&scope=x", "grant_type=refresh_token&refresh_token=r",
          "grant_type=password&client_id=pub&username=a&password=b")));
      assertThat(TokenRequest.parse(t.build("192.0.2.1"))).isNotNull();
    });
  }

  private static int pick;
}
