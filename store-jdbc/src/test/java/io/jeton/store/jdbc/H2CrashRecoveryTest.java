package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of the H2 file taken right after a commit returned is what SIGKILL leaves at that moment (the
 * kernel keeps every {@code write()} that returned); opened through {@link H2CrashRecovery}, it must hold
 * that commit. Commits run for longer than {@code RETENTION_TIME} with updates that free old chunks, so
 * that H2 reuses space in the middle of the file: without the recovery, some copies opened at an older
 * commit, from about the tenth commit on, in each of 4 runs ({@code docs/storage.md}, "H2 durability").
 */
class H2CrashRecoveryTest {
  private static final int COMMITS = 80;
  private static final long PAUSE_MILLIS = 20;

  @TempDir Path dir;

  @Test
  void recoverIfUnclean_copyAfterEachCommit_opensAtThatCommit() throws Exception {
    String url = JdbcStores.h2Url("jdbc:h2:file:" + dir.resolve("live"));
    Path live = dir.resolve("live.mv.db");
    List<String> missing = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement ddl = c.createStatement()) {
      ddl.execute("CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(2000))");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, REPEAT('x', 1500))");
          PreparedStatement churn = c.prepareStatement("UPDATE t SET pad = REPEAT(?, 1500) WHERE id < 50")) {
        for (int i = 1; i <= COMMITS; i++) {
          churn.setString(1, Integer.toString(i % 10));
          churn.executeUpdate();
          insert.setInt(1, i);
          insert.executeUpdate();
          Path copy = dir.resolve("copy" + i);
          Files.copy(live, Path.of(copy + ".mv.db"), StandardCopyOption.REPLACE_EXISTING);
          String copyUrl = JdbcStores.h2Url("jdbc:h2:file:" + copy);
          H2CrashRecovery.recoverIfUnclean(copyUrl);
          int newest = newestId(copyUrl);
          if (newest != i) {
            missing.add("commit " + i + " acknowledged, copy opens at " + newest);
          }
          Files.delete(Path.of(copy + ".mv.db"));
          Thread.sleep(PAUSE_MILLIS);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void recoverIfUnclean_cleanlyClosedFile_leavesItUntouched() throws Exception {
    String url = JdbcStores.h2Url("jdbc:h2:file:" + dir.resolve("clean"));
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      s.execute("INSERT INTO t VALUES (7)");
    }
    Path file = dir.resolve("clean.mv.db");
    byte[] before = Files.readAllBytes(file);

    H2CrashRecovery.recoverIfUnclean(url);

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(newestId(url)).isEqualTo(7);
  }

  @Test
  void recoverIfUnclean_fileOpenInThisProcess_leavesItToH2() throws Exception {
    String url = JdbcStores.h2Url("jdbc:h2:file:" + dir.resolve("open"));
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      s.execute("INSERT INTO t VALUES (3)");

      H2CrashRecovery.recoverIfUnclean(url);

      try (ResultSet rs = s.executeQuery("SELECT MAX(id) FROM t")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
    }
  }

  private static int newestId(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
