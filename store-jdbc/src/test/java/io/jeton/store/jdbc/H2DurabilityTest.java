package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.SessionStore.RefreshLookup;
import io.jeton.testkit.TestRealms;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write to the embedded H2 database survives SIGKILL of the process: a child JVM
 * writes through the stores, reports, and is killed at once; the file is then reopened here.
 */
class H2DurabilityTest {
  @TempDir Path dir;

  @Test
  void acknowledgedWrites_processKilled_areOnDiskAfterReopen() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("jeton");
    RealmName realm = TestRealms.uniqueName();
    String[] wrote = writeInChildAndKill(url, realm);
    SessionId session = SessionId.of(wrote[1]);
    TokenHash first = new TokenHash(wrote[2]);
    TokenHash next = new TokenHash(wrote[3]);

    try (JdbcStores jdbc = JdbcStores.open(url, "sa", "", 2)) {
      assertThat(jdbc.stores().realms().find(realm)).isPresent();
      assertThat(jdbc.stores().sessions().find(realm, session)).isPresent();
      RefreshToken used = jdbc.stores().sessions().findRefreshToken(realm, first).orElseThrow().token();
      assertThat(used.usedAt()).isPresent();
      assertThat(used.successor()).contains(next);
      assertThat(jdbc.stores().sessions().findRefreshToken(realm, next)).map(RefreshLookup::session)
          .map(s -> s.id()).contains(session);
      List<String> revoked =
          jdbc.stores().revocations().since(0, 1000).stream().map(RevocationEntry::value).toList();
      assertThat(revoked).contains("jti-" + realm.value());
      for (int w = 0; w < DurableWriteMain.CONCURRENT_WRITERS; w++) {
        for (int i = 0; i < DurableWriteMain.SESSIONS_PER_WRITER; i++) {
          assertThat(revoked).contains("jti-" + w + "-" + i);
        }
      }
      try (Connection c = jdbc.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM session WHERE realm = ?")) {
        ps.setString(1, realm.value());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1))
              .isEqualTo(1 + DurableWriteMain.CONCURRENT_WRITERS * DurableWriteMain.SESSIONS_PER_WRITER);
        }
      }
    }
  }

  /** Starts {@link DurableWriteMain}, waits for its report, SIGKILLs it at once; returns the report's words. */
  private static String[] writeInChildAndKill(String url, RealmName realm) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DurableWriteMain.class.getName(), url, realm.value()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("WROTE ")) {
          child.destroyForcibly();
          assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(child.exitValue()).isEqualTo(137);
          return line.split(" ");
        }
        seen.append(line).append('\n');
      }
      throw new AssertionError("child exited without writing:\n" + seen);
    } finally {
      child.destroyForcibly();
    }
  }
}
