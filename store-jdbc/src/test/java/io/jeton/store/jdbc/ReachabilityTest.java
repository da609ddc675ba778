package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class ReachabilityTest {
  private final AtomicBoolean serverUp = new AtomicBoolean(true);
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger evictions = new AtomicInteger();

  @Test
  void failed_connectionRefused_failsEveryCallFastUntilTheProbeReachesTheDatabaseAgain() throws Exception {
    try (Reachability r = new Reachability(dataSource(), evictions::incrementAndGet)) {
      serverUp.set(false);
      r.failed(new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));

      assertThat(r.up()).isFalse();
      assertThat(evictions).as("the pool's idle connections are dropped once").hasValue(1);
      assertThatThrownBy(r::check).isInstanceOf(SQLTransientConnectionException.class)
          .satisfies(e -> assertThat(JdbcStoreException.unavailable(e)).isTrue());
      Thread.sleep(3 * Reachability.PROBE_EVERY.toMillis());
      assertThat(r.up()).as("still away: the probe keeps trying").isFalse();
      assertThat(connects.get()).isPositive();

      serverUp.set(true);
      long end = System.nanoTime() + 5_000_000_000L;
      while (!r.up() && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(r.up()).as("the probe's connection marks the database up").isTrue();
      r.check();
    }
  }

  @Test
  void failed_otherSqlErrorsOrABusyPool_neverMarkTheDatabaseDown() throws Exception {
    try (Reachability r = new Reachability(dataSource(), evictions::incrementAndGet)) {
      r.failed(new SQLException("duplicate key value", "23505"));
      r.failed(new SQLException("value too long", "22001"));
      r.failed(new SQLTransientConnectionException("jeton-postgresql - Connection is not available, request timed "
          + "out after 2000ms (total=8, active=8, idle=0, waiting=3)"));

      assertThat(r.up()).isTrue();
      assertThat(evictions).hasValue(0);
      r.check();
    }
  }

  @Test
  void failed_serverShutdownStates_markTheDatabaseDown() {
    for (String state : new String[] {"57P01", "57P02", "57P03", "08006"}) {
      try (Reachability r = new Reachability(dataSource(), evictions::incrementAndGet)) {
        serverUp.set(false);
        r.failed(new SQLException("going away", state));
        assertThat(r.up()).as(state).isFalse();
      }
    }
  }

  /** A data source whose connections work only while {@link #serverUp}. */
  private DataSource dataSource() {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("getConnection")) {
            throw new UnsupportedOperationException(method.getName());
          }
          connects.incrementAndGet();
          if (!serverUp.get()) {
            throw new SQLException("Connection refused", "08001");
          }
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
              (p, m, a) -> switch (m.getName()) {
                case "isValid" -> true;
                case "close" -> null;
                default -> throw new UnsupportedOperationException(m.getName());
              });
        });
  }
}
