package io.jeton.server;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every bad-input case of {@link BadInputTest} on PostgreSQL, which refuses what H2 stores (a NUL
 * in text, for one): the same 4xx on both stores, never a 500 (review M7, SPEC section 7).
 */
class BadInputPostgresTest extends BadInputTest {
  /** Hides {@link BadInputTest#start()}: the same realms, on a fresh PostgreSQL database. */
  @BeforeAll
  static void start() {
    node = TestNode.startOnPostgres();
  }
}
