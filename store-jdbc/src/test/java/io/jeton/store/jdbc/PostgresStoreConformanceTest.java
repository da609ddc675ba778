package io.jeton.store.jdbc;

import io.jeton.core.Stores;
import io.jeton.testkit.StoreConformanceSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store conformance suite on a fresh PostgreSQL database; fails when PostgreSQL is down. */
class PostgresStoreConformanceTest extends StoreConformanceSuite {
  private static PostgresDatabase database;
  private static JdbcStores jdbc;

  @BeforeAll
  static void open() throws Exception {
    database = PostgresDatabase.create();
    jdbc = database.open(10);
  }

  @AfterAll
  static void close() throws Exception {
    if (jdbc != null) {
      jdbc.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Stores stores() {
    return jdbc.stores();
  }
}
