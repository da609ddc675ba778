package io.jeton.dialect.onesait;

import static io.jeton.dialect.EndpointFuzz.APP;
import static io.jeton.dialect.EndpointFuzz.APP_SECRET;
import static io.jeton.dialect.EndpointFuzz.MINTER;
import static io.jeton.dialect.EndpointFuzz.MINTER_PASS;
import static io.jeton.dialect.EndpointFuzz.REALM;
import static io.jeton.dialect.EndpointFuzz.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
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
 * Fuzzes the onesait dialect in process (issue 6 point 9): mutations of valid token,
 * check_token and revoke_token requests, and random requests ({@link EndpointFuzz#check}).
 */
class OnesaitDialectFuzzTest {
  static final String FORM = "application/x-www-form-urlencoded";
  static EndpointFuzz fuzz;
  static OnesaitDialect onesait;
  static int pick;

  @BeforeAll
  static void start() {
    fuzz = EndpointFuzz.start();
    onesait = new OnesaitDialect(fuzz.engine().engine(), new DialectMount("onesait", true, "/oauth-server",
        Optional.of(RealmName.of(REALM)), Optional.of("x-tenant"), Optional.empty()));
  }

  @AfterAll
  static void stop() {
    fuzz.close();
  }

  static Template form(String method, String body) {
    return new Template(method).header("Content-Type", FORM).header("Authorization", basic(APP, APP_SECRET))
        .body(body);
  }

  static JsonNode mint() {
    return fuzz.minted("onesait", () -> fuzz.ok(onesait::token,
        form("POST", "grant_type=password&username=" + MINTER + "&password=" + MINTER_PASS)));
  }

  @Test
  void token_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("onesait token", 20261270L, 150, onesait::token, () -> pick++ % 2 == 0
        ? form("POST", "grant_type=password&username=alice&password=alice-pass&scope=read&clientId=" + APP)
        : form("POST", "grant_type=refresh_token&refresh_token=" + mint().get("refresh_token").asText()), Map.of());
  }

  @Test
  void checkToken_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("onesait check_token", 20261272L, 120, onesait::checkToken, () -> pick++ % 2 == 0
        ? new Template("GET").header("Authorization", basic(APP, APP_SECRET))
            .query("token", mint().get("access_token").asText())
        : form("POST", "token=" + mint().get("access_token").asText()), Map.of());
  }

  @Test
  void revokeToken_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("onesait revoke_token", 20261274L, 120, onesait::revokeToken, () -> pick++ % 2 == 0
        ? new Template("POST").header("Authorization", basic(APP, APP_SECRET))
            .query("token", mint().get("access_token").asText())
        : form("POST", "token=" + mint().get("refresh_token").asText()), Map.of());
  }

  /** The parsers alone, many more tries: each request parses or is refused. */
  @Test
  void requests_mutated_parseOrRefuse_neverThrow() {
    Fuzz.check("onesait requests parse", 20261276L, 1500, f -> {
      WireRequest in = EndpointFuzz.mutate(f, pick++ % 2 == 0
          ? form("POST", "grant_type=password&username=a&password=b&clientId=app")
          : form("POST", "token=abc").query("token", "def")).build("192.0.2.1");
      assertThat(OnesaitRequests.grant(in, ClientId.of(APP))).isNotNull();
      assertThat(OnesaitRequests.token(in, true)).isNotNull();
      assertThat(OnesaitRequests.token(in, false)).isNotNull();
    });
  }
}
