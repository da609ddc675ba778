package io.jeton.server;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every rule of {@link BrowserSignInHttpTest} on PostgreSQL, which refuses what H2 stores (a NUL in
 * text, for one): the same answers on both stores, never a 500 (SPEC 7 and 9).
 */
class BrowserSignInPostgresTest extends BrowserSignInHttpTest {
  /** Hides {@link BrowserSignInHttpTest#start()}: the same realms, on a fresh PostgreSQL database. */
  @BeforeAll
  static void start() {
    node = TestNode.startOnPostgres(imports(),
        Map.of("amino", DialectFixture.mount("amino", "/amino", REALM, null, null)), CLOCK);
  }
}
