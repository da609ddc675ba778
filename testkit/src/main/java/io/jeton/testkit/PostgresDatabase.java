package io.jeton.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database {@code jeton_test_<random>} on 127.0.0.1:5432 (user postgres,
 * trust), dropped on {@link #close}; creating it throws when PostgreSQL is unreachable, so that the
 * tests fail rather than skip (CI requires them). For tests of any module; store-jdbc's own
 * {@code PostgresDatabase} also opens its stores on it.
 */
public final class PostgresDatabase implements AutoCloseable {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  public static final String USER = "postgres";

  private final String name;

  private PostgresDatabase(String name) {
    this.name = name;
  }

  public static PostgresDatabase create() throws SQLException {
    String name = "jeton_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    return new PostgresDatabase(name);
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:5432/" + name;
  }

  /** The first column of every row of the query, as text. */
  public List<String> column(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(), USER, ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
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
