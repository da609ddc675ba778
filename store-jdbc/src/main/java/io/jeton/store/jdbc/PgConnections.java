package io.jeton.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the dedicated PostgreSQL connections of the change feed, outside the pool: each named by
 * {@code application_name} (so an operator sees them in {@code pg_stat_activity}), with TCP
 * keep-alive and a socket timeout, so that a connection to a vanished server fails instead of
 * waiting for ever.
 */
record PgConnections(String url, String user, String password) {
  /** Longest wait for one read on a feed connection. */
  static final int SOCKET_TIMEOUT_SECONDS = 30;

  Connection open(String applicationName) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", applicationName);
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    return DriverManager.getConnection(url, p);
  }
}
