package io.jeton.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link RevocationGroupCommitContract} on an embedded H2 file database. */
class RevocationGroupCommitH2Test extends RevocationGroupCommitContract {
  @TempDir Path dir;

  @Override
  protected JdbcStores openStores() {
    return JdbcStores.open("jdbc:h2:file:" + dir.resolve("jeton"), "sa", "", 10);
  }
}
