package io.jeton.store.jdbc;

import java.sql.SQLException;

/**
 * An infrastructure failure of the JDBC store (database unreachable, constraint violated, value too
 * long). The transaction it interrupted was rolled back; nothing of it was written.
 */
public final class JdbcStoreException extends RuntimeException {
  public JdbcStoreException(SQLException cause) {
    super(cause.getMessage() + " [SQLState " + cause.getSQLState() + "]", cause);
  }

  /** The SQLState of the underlying error, for example {@code 23505} for a duplicate key. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
