package io.jeton.dialect.c1;

import static io.jeton.dialect.EndpointFuzz.APP;
import static io.jeton.dialect.EndpointFuzz.APP_SECRET;
import static io.jeton.dialect.EndpointFuzz.MINTER;
import static io.jeton.dialect.EndpointFuzz.MINTER_PASS;
import static io.jeton.dialect.EndpointFuzz.REALM;
import static io.jeton.dialect.EndpointFuzz.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.RealmName;
import io.jeton.dialect.EndpointFuzz;
import io.jeton.dialect.EndpointFuzz.Template;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.testkit.Fuzz;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the C1 dialect in process (issue 6 point 9): mutations of valid login, renew and
 * validate requests, and random requests, on a real engine and H2 ({@link EndpointFuzz#check}).
 */
class C1DialectFuzzTest {
  static EndpointFuzz fuzz;
  static C1Dialect c1;
  static int pick;

  @BeforeAll
  static void start() {
    fuzz = EndpointFuzz.start();
    c1 = new C1Dialect(fuzz.engine().engine(), new DialectMount("c1", true, "", Optional.of(RealmName.of(REALM)),
        Optional.of("x-tenant"), Optional.empty()));
  }

  @AfterAll
  static void stop() {
    fuzz.close();
  }

  static Template json(String method, String body) {
    return new Template(method).header("Content-Type", "application/json")
        .header("Authorization", basic(APP, APP_SECRET)).header("x-tenant", REALM).body(body);
  }

  static JsonNode mint() {
    return fuzz.minted("c1", () -> fuzz.ok(c1::login,
        json("POST", "{\"username\":\"" + MINTER + "\",\"password\":\"" + MINTER_PASS + "\"}")));
  }

  static Template validate() {
    return new Template("GET").header("Authorization", basic(APP, APP_SECRET))
        .query("accessToken", mint().get("accessToken").asText());
  }

  @Test
  void login_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("c1 login", 20261260L, 150, c1::login,
        () -> json("POST", "{\"username\":\"alice\",\"password\":\"alice-pass\"}"), Map.of());
  }

  @Test
  void renew_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("c1 renew", 20261262L, 120, c1::renew,
        () -> json("POST", "{\"refreshToken\":\"" + mint().get("refreshToken").asText() + "\"}"), Map.of());
  }

  @Test
  void validate_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("c1 validate", 20261264L, 120, c1::validate, C1DialectFuzzTest::validate, Map.of());
  }

  /** The parsers alone, many more tries: each request parses or is refused with invalid_request. */
  @Test
  void requests_mutated_parseOrRefuse_neverThrow() {
    Fuzz.check("c1 requests parse", 20261266L, 1500, f -> {
      WireRequest in = EndpointFuzz.mutate(f, switch (pick++ % 3) {
        case 0 -> json("POST", "{\"username\":\"a\",\"password\":\"b\"}");
        case 1 -> json("POST", "{\"refreshToken\":\"r\"}");
        default -> new Template("GET").query("accessToken", "a.b.c");
      }).build("192.0.2.1");
      assertThat(C1Requests.login(in)).isNotNull();
      assertThat(C1Requests.renew(in)).isNotNull();
      assertThat(C1Requests.accessToken(in)).isNotNull();
    });
  }
}
