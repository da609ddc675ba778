package io.jeton.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeyLifecycleContract} on an embedded H2 file database (one process: both nodes share its stores). */
class KeyLifecycleH2Test extends KeyLifecycleContract {
  @TempDir Path dir;
  private JdbcStores stores;

  @Override
  protected JdbcStores openStores() {
    stores = JdbcStores.open("jdbc:h2:file:" + dir.resolve("jeton"), "sa", "", 10);
    return stores;
  }

  @Override
  protected JdbcStores secondNode() {
    return stores;
  }
}
