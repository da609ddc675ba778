package io.jeton.store.jdbc;

import io.jeton.core.lifecycle.PurgeLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The purge job's cluster-wide lock on PostgreSQL: a session-level {@code pg_try_advisory_lock}
 * taken on a connection of its own (not the pool's, so that the job's batches can use every pooled
 * connection even with {@code db.poolSize: 1}). Whoever holds it purges; the others skip the
 * round. The lock ends with {@code pg_advisory_unlock}, and in any case with the connection: if a
 * node dies mid-round, PostgreSQL frees it.
 */
final class AdvisoryPurgeLock implements PurgeLock {
  /** The advisory lock key: "jetonpur" in ASCII. */
  static final long KEY = 0x6a65746f6e707572L;

  private final String url;
  private final String user;
  private final String password;

  AdvisoryPurgeLock(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public <T> Optional<T> ifFree(Supplier<T> work) {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      if (!call(c, "SELECT pg_try_advisory_lock(?)")) {
        return Optional.empty();
      }
      try {
        return Optional.of(work.get());
      } finally {
        call(c, "SELECT pg_advisory_unlock(?)");
      }
    } catch (SQLException e) {
      throw new JdbcStoreException(e);
    }
  }

  private static boolean call(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, KEY);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
