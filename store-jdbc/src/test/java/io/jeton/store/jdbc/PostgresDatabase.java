package io.jeton.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh PostgreSQL database {@code jeton_test_<random>} on 127.0.0.1:5432 (user postgres, trust),
 * dropped on {@link #close}. Creating it throws when PostgreSQL is unreachable, so that the tests
 * using it fail rather than skip: CI requires them.
 */
final class PostgresDatabase implements AutoCloseable {
  static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String USER = "postgres";

  private final String name;

  private PostgresDatabase(String name) {
    this.name = name;
  }

  static PostgresDatabase create() throws SQLException {
    String name = "jeton_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    return new PostgresDatabase(name);
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:5432/" + name;
  }

  /** Opens the stores on this database. */
  JdbcStores open(int poolSize) {
    return JdbcStores.open(url(), USER, "", poolSize);
  }

  @Override
  public void close() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
