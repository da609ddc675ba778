package io.jeton.dialect.ags;

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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the AGS dialect in process (issue 6 point 9): mutations of valid service discovery,
 * signon and refresh requests, and random requests ({@link EndpointFuzz#check}).
 */
class AgsDialectFuzzTest {
  static EndpointFuzz fuzz;
  static AgsDialect ags;
  static int pick;

  @BeforeAll
  static void start() {
    fuzz = EndpointFuzz.start();
    ags = new AgsDialect(fuzz.engine().engine(), new DialectMount("ags", true, "/ags",
        Optional.of(RealmName.of(REALM)), Optional.of("nv-tenant-id"), Optional.of(ClientId.of(APP))));
  }

  @AfterAll
  static void stop() {
    fuzz.close();
  }

  static Template signon(String username, String password) {
    return new Template("POST").header("Content-Type", "application/json").header("nv-tenant-id", REALM)
        .header("x-auth-service-id", "local")
        .body("{\"parameters\":[{\"name\":\"username\",\"value\":\"" + username + "\"},"
            + "{\"name\":\"password\",\"value\":\"" + password + "\"}]}");
  }

  static Template refresh() {
    String token = fuzz.minted("ags", () -> fuzz.ok(ags::signon, signon(MINTER, MINTER_PASS)))
        .get("refresh_token").asText();
    return new Template("POST").header("Content-Type", "application/json").header("nv-tenant-id", REALM)
        .header("x-auth-service-id", "local").header("Authorization", pick++ % 2 == 0 ? token : "Bearer " + token)
        .body("{\"parameters\":[{\"name\":\"username\",\"value\":\"" + MINTER + "\"}]}");
  }

  @Test
  void serviceDiscovery_mutatedOrRandomRequests_neverServerError() {
    fuzz.fuzzRoute("ags servicediscovery", 20261280L, 60, ags::serviceDiscovery,
        () -> new Template("GET").header("nv-tenant-id", REALM), Map.of());
  }

  @Test
  void signon_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("ags signon", 20261282L, 150, ags::signon, () -> signon("alice", "alice-pass"), Map.of());
  }

  @Test
  void refresh_mutatedOrRandomRequests_neverServerErrorNorWriteOnRefusal() {
    fuzz.fuzzRoute("ags refresh", 20261284L, 150, ags::refresh, AgsDialectFuzzTest::refresh, Map.of());
  }

  /** The parsers alone, many more tries: headers and parameters parse or are refused. */
  @Test
  void requests_mutated_parseOrRefuse_neverThrow() {
    Fuzz.check("ags requests parse", 20261286L, 1500, f -> {
      WireRequest in = EndpointFuzz.mutate(f, signon("a", "b").header("Authorization", "Bearer abc"))
          .build("192.0.2.1");
      assertThat(AgsRequests.authService(in)).isNotNull();
      assertThat(AgsRequests.refreshToken(in)).isNotNull();
      assertThat(AgsRequests.parameters(in.body())).isNotNull();
    });
  }
}
