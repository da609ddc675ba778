package io.jeton.store.jdbc;

import io.jeton.core.Stores;
import io.jeton.testkit.StoreConformanceSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store conformance suite on an embedded H2 file database. */
class H2StoreConformanceTest extends StoreConformanceSuite {
  @TempDir static Path dir;
  private static JdbcStores jdbc;

  @BeforeAll
  static void open() {
    jdbc = JdbcStores.open("jdbc:h2:file:" + dir.resolve("jeton"), "sa", "", 10);
  }

  @AfterAll
  static void close() {
    jdbc.close();
  }

  @Override
  protected Stores stores() {
    return jdbc.stores();
  }
}
