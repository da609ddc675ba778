package io.jeton.store.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * An infrastructure failure of the JDBC store (database unreachable, constraint violated, value too
 * long). The transaction it interrupted was rolled back; nothing of it was written.
 */
public final class JdbcStoreException extends RuntimeException {
  /**
   * PostgreSQL's "operator intervention" states that end a session because the server goes away:
   * admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down).
   */
  private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

  public JdbcStoreException(SQLException cause) {
    super(cause.getMessage() + " [SQLState " + cause.getSQLState() + "]", cause);
  }

  /** The SQLState of the underlying error, for example {@code 23505} for a duplicate key. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }

  /** Whether the database could not be reached or went away: no answer to give but 503. */
  public boolean unavailable() {
    return unavailable((SQLException) getCause());
  }

  /**
   * Whether {@code e} or one of its causes says there is no database to answer: it is unreachable
   * ({@link #unreachable}), or the pool had no connection within its timeout (HikariCP's {@link
   * SQLTransientConnectionException}, also thrown while every connection is busy).
   */
  public static boolean unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
    }
    return unreachable(e);
  }

  /**
   * Whether {@code e} or one of its causes says the database cannot be reached: SQLState class 08
   * (connection exception: refused, broken, closed) or PostgreSQL's 57P01 to 57P03 (the server shut
   * down, crashed, or not accepting connections yet).
   */
  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
