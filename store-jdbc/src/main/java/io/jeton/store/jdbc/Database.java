package io.jeton.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Connections, transactions and parameter binding shared by the stores. A single statement runs in
 * auto-commit (one round trip); {@link #inTransaction} runs several statements in one READ COMMITTED
 * transaction that commits when the work returns and rolls back when it throws.
 */
final class Database {
  /** SQLState of a unique-constraint violation, the same on H2 and PostgreSQL. */
  static final String DUPLICATE_KEY = "23505";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Reachability reachability;

  /** @param reachability fails calls fast while the database is away, and learns of it from them */
  Database(DataSource dataSource, Dialect dialect, Reachability reachability) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.reachability = reachability;
  }

  Dialect dialect() {
    return dialect;
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Rows<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs {@code work} in one transaction: commit on return, roll back on any exception. */
  <T> T inTransaction(Work<T> work) {
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      throw new JdbcStoreException(reachability.failed(e));
    }
  }

  /** Runs {@code work} on an auto-commit connection: for a single statement. */
  <T> T withConnection(Work<T> work) {
    try (Connection c = connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new JdbcStoreException(reachability.failed(e));
    }
  }

  /** A pooled connection, or at once an exception while the database is known to be away. */
  private Connection connection() throws SQLException {
    reachability.check();
    return dataSource.getConnection();
  }

  /** Executes one update statement in auto-commit; returns the update count. */
  int update(String sql, Object... params) {
    return withConnection(c -> update(c, sql, params));
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /** Runs one query in auto-commit and maps each row. */
  <T> List<T> query(String sql, Rows<T> mapper, Object... params) {
    return withConnection(c -> query(c, sql, mapper, params));
  }

  <T> Optional<T> queryOne(String sql, Rows<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  static <T> List<T> query(Connection c, String sql, Rows<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  /**
   * Inserts a row unless one with the same unique key exists; returns whether it inserted. See
   * {@link Dialect#insertIfAbsent}.
   */
  boolean insertIfAbsent(Connection c, String sql, Object... params) throws SQLException {
    try {
      return update(c, sql, params) == 1;
    } catch (SQLException e) {
      if (dialect == Dialect.H2 && isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  static boolean isDuplicateKey(SQLException e) {
    return DUPLICATE_KEY.equals(e.getSQLState());
  }

  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int index = i + 1;
      switch (p) {
        case null -> ps.setNull(index, Types.VARCHAR);
        case Null n -> ps.setNull(index, n.sqlType());
        case String s -> ps.setString(index, s);
        case Long l -> ps.setLong(index, l);
        case Integer n -> ps.setInt(index, n);
        case Boolean b -> ps.setBoolean(index, b);
        case byte[] bytes -> ps.setBytes(index, bytes);
        case Instant t -> ps.setLong(index, t.toEpochMilli());
        default -> throw new IllegalArgumentException("cannot bind " + p.getClass().getName());
      }
    }
  }

  /** A typed SQL NULL parameter. */
  record Null(int sqlType) {
    static final Null BIGINT = new Null(Types.BIGINT);
    static final Null VARCHAR = new Null(Types.VARCHAR);
  }

  /** An instant parameter, or a typed NULL when empty. */
  static Object millis(Optional<Instant> at) {
    return at.<Object>map(Instant::toEpochMilli).orElse(Null.BIGINT);
  }

  static Object text(Optional<String> s) {
    return s.<Object>map(v -> v).orElse(Null.VARCHAR);
  }

  /** A nullable BIGINT epoch-millis column as an optional instant. */
  static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  static Optional<String> text(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  /** Back to auto-commit; a broken connection is left to the pool, which evicts it. */
  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the pool resets or evicts the connection on close
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
