package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireHandlerTest {
  @Test
  void query_repeatedAndEncodedParameters_areDecodedInOrder() {
    assertThat(WireHandler.query("a=1&a=2&b=x+y%21&c&&d=%C3%BC")).isEqualTo(
        Map.of("a", List.of("1", "2"), "b", List.of("x y!"), "c", List.of(""), "d", List.of("ü")));
  }

  @Test
  void query_empty_isEmptyMap() {
    assertThat(WireHandler.query("")).isEmpty();
    assertThat(WireHandler.query(null)).isEmpty();
  }

  @Test
  void query_badEscapeOrNonUtf8_isNull() {
    assertThat(WireHandler.query("a=%zz")).isNull();
    assertThat(WireHandler.query("a=%ff")).isNull();
    assertThat(WireHandler.query("%4=1")).isNull();
  }

  @Test
  void databaseUnavailable_poolTimeoutAnywhereInTheCauseChain_isRecognised() {
    var timeout = new java.sql.SQLTransientConnectionException("jeton-h2 - Connection is not available");
    assertThat(WireHandler.databaseUnavailable(new IllegalStateException("store", new RuntimeException(timeout)))).isTrue();
    assertThat(WireHandler.databaseUnavailable(new IllegalStateException("store", new java.sql.SQLException("x"))))
        .isFalse();
    assertThat(WireHandler.databaseUnavailable(new OutOfMemoryError())).isFalse();
  }

  @Test
  void databaseUnavailable_connectionFailureOrServerShutdown_isRecognisedButOtherSqlErrorsAreNot() {
    assertThat(WireHandler.databaseUnavailable(new io.jeton.store.jdbc.JdbcStoreException(
        new java.sql.SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();
    assertThat(WireHandler.databaseUnavailable(new RuntimeException(new io.jeton.store.jdbc.JdbcStoreException(
        new java.sql.SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
    assertThat(WireHandler.databaseUnavailable(new io.jeton.store.jdbc.JdbcStoreException(
        new java.sql.SQLException("the database system is starting up", "57P03")))).isTrue();
    assertThat(WireHandler.databaseUnavailable(new io.jeton.store.jdbc.JdbcStoreException(
        new java.sql.SQLException("duplicate key", "23505")))).isFalse();
    assertThat(WireHandler.databaseUnavailable(new io.jeton.store.jdbc.JdbcStoreException(
        new java.sql.SQLException("canceling statement due to user request", "57014")))).isFalse();
  }
}
