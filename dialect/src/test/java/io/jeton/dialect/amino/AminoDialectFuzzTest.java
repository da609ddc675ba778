package io.jeton.dialect.amino;

import static io.jeton.dialect.EndpointFuzz.APP;
import static io.jeton.dialect.EndpointFuzz.MINTER;
import static io.jeton.dialect.EndpointFuzz.MINTER_PASS;
import static io.jeton.dialect.EndpointFuzz.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.dialect.EndpointFuzz;
import io.jeton.dialect.EndpointFuzz.Template;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.testkit.Fuzz;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the Amino dialect in process (issue 6 point 9): mutations of valid login, token and
 * session-delete requests, JSON and form, and random requests ({@link EndpointFuzz#check}).
 */
class AminoDialectFuzzTest {
  static final String FORM = "application/x-www-form-urlencoded";
  static EndpointFuzz fuzz;
  static AminoDialect amino;
  static int pick;

  @BeforeAll
  static void start() {
    fuzz = EndpointFuzz.start();
    amino = new AminoDialect(fuzz.engine().engine(), new DialectMount("amino", true, "/amino",
        Optional.of(RealmName.of(REALM)), Optional.of("x-tenant"), Optional.of(ClientId.of(APP))));
  }

  @AfterAll
  static void stop() {
    fuzz.close();
  }

  static Template post(boolean json, String jsonBody, String formBody) {
    return new Template("POST").header("Content-Type", json ? "application/vnd.api+json" : FORM)
        .body(json ? jsonBody : formBody);
  }

  /** The attributes of a login of the minter. */
  static JsonNode mint() {
    return fuzz.minted("amino", () -> fuzz.ok(amino::login, post(true,
        "{\"username\":\"" + MINTER + "\",\"password\":\"" + MINTER_PASS + "\"}", "")))
        .get("data").get(0).get("attributes");
  }

  @Test
  void login_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("amino login", 20261290L, 150, amino::login, () -> post(pick++ % 2 == 0,
        "{\"username\":\"alice\",\"password\":\"alice-pass\"}", "username=alice&password=alice-pass"), Map.of());
  }

  @Test
  void token_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("amino token", 20261292L, 150, amino::token, () -> {
      String token = mint().get("refresh_token").asText();
      return post(pick++ % 2 == 0, "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + token + "\"}",
          "grant_type=refresh_token&refresh_token=" + token);
    }, Map.of());
  }

  @Test
  void session_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("amino session", 20261294L, 120, amino::session, () -> new Template("DELETE")
        .header("Authorization", "Bearer " + mint().get("access_token").asText()), Map.of());
  }

  /** The body reader alone, many more tries: fields are read or the body is refused. */
  @Test
  void requests_mutated_readOrRefuse_neverThrow() {
    Fuzz.check("amino requests parse", 20261296L, 1500, f -> {
      WireRequest in = EndpointFuzz.mutate(f, post(pick++ % 2 == 0, "{\"username\":\"a\",\"password\":\"b\"}",
          "username=a&password=b")).build("192.0.2.1");
      assertThat(AminoRequests.read(in, List.of("username", "password"))).isNotNull();
    });
  }
}
