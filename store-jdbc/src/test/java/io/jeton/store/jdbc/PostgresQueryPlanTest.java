package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every hot query of the stores, run through {@code EXPLAIN} on PostgreSQL over tables with tens of
 * thousands of rows across several realms: each must use its index, never a sequential scan. The
 * statements are the stores' own SQL constants, so a changed query is checked as it is.
 */
class PostgresQueryPlanTest {
  private static PostgresDatabase database;
  private static JdbcStores jdbc;

  @BeforeAll
  static void fill() throws Exception {
    database = PostgresDatabase.create();
    // without the statistics round: it would analyse a table beside a test's own VACUUM, whose pages
    // then stay not all-visible, and an index-only scan loses to a sequential scan
    jdbc = JdbcStores.open(database.url(), PostgresDatabase.USER, "", 2, false, false);
    try (Connection c = jdbc.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO session SELECT 'r' || (i % 10), 's' || i, 'u' || (i % 5000), 'app', 'password', '', "
          + "i, i + 1000000, NULL FROM generate_series(1, 30000) i");
      s.execute("INSERT INTO refresh_token SELECT 'r' || (i % 10), lpad(md5(i::text), 43, 'x'), 's' || i, 'app', i, "
          + "i + 1000, NULL, NULL FROM generate_series(1, 30000) i");
      s.execute("INSERT INTO refresh_token SELECT 'r' || (i % 10), lpad(md5('b' || i), 43, 'y'), 's' || i, 'app', i, "
          + "i + 1000, NULL, NULL FROM generate_series(1, 30000) i");
      s.execute("INSERT INTO app_user SELECT 'r' || (i % 10), 'u' || i, 'name' || i, NULL, TRUE, '', '' "
          + "FROM generate_series(1, 30000) i");
      s.execute("INSERT INTO revocation (realm, kind, subject, expires_at) SELECT 'r' || (i % 10), 'ACCESS_TOKEN', "
          + "'jti' || i, 1000000 + i FROM generate_series(1, 30000) i");
      s.execute("INSERT INTO audit_event (realm, at, type, client_id, user_id, session_id, correlation_id, detail) "
          + "SELECT 'r' || (i % 10), i, 'REFRESH', 'app', '', '', '', '' FROM generate_series(1, 30000) i");
      s.execute("ANALYZE");
    }
  }

  @AfterAll
  static void drop() throws Exception {
    if (jdbc != null) {
      jdbc.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void findRefreshToken_byRealmAndHash_usesPrimaryKeysOfBothTables() throws SQLException {
    assertThat(plan(JdbcSessionStore.FIND_TOKEN, "r3", "x".repeat(11) + "00000000000000000000000000000000"))
        .contains("pk_refresh_token", "pk_session").doesNotContain("Seq Scan");
  }

  @Test
  void rotate_singleStatementCompareAndSet_usesRefreshTokenPrimaryKey() throws SQLException {
    assertThat(plan(JdbcSessionStore.ROTATE_PG, 5L, "y".repeat(43), "r3", "x".repeat(43), "r3", "y".repeat(43),
        "s13", "app", 5L, 6L, Database.Null.BIGINT, Database.Null.VARCHAR, Database.Null.VARCHAR))
        .contains("Index Scan using pk_refresh_token").doesNotContain("Seq Scan");
  }

  @Test
  void revokeSession_singleStatement_usesSessionAndRevocationKeys() throws SQLException {
    assertThat(plan(JdbcRevocationStore.REVOKE_SESSION_PG, 5L, "r3", "s13", "r3", "SESSION", "s13", 9L, "r3",
        "SESSION", "s13")).contains("pk_session", "uq_revocation").doesNotContain("Seq Scan");
  }

  @Test
  void refreshTokensOfSession_byRealmAndSession_usesSessionIndex() throws SQLException {
    assertThat(plan("SELECT hash FROM refresh_token WHERE realm = ? AND session_id = ?", "r3", "s13"))
        .contains("ix_refresh_token_session").doesNotContain("Seq Scan");
  }

  @Test
  void session_findAndRevoke_usePrimaryKey() throws SQLException {
    assertThat(plan(JdbcSessionStore.FIND_SESSION, "r3", "s13")).contains("pk_session").doesNotContain("Seq Scan");
    assertThat(plan(JdbcSessionStore.REVOKE, 5L, "r3", "s13")).contains("pk_session").doesNotContain("Seq Scan");
    assertThat(plan(JdbcRevocationStore.MARK_SESSION_REVOKED, 5L, "r3", "s13")).contains("pk_session")
        .doesNotContain("Seq Scan");
  }

  @Test
  void createCapped_userLockAndLiveSessions_useIndexesInOrder() throws SQLException {
    assertThat(plan(JdbcSessionStore.LOCK_USER, "r3", "u13")).contains("pk_app_user", "LockRows")
        .doesNotContain("Seq Scan");
    assertThat(plan(JdbcSessionStore.LIVE_OF_USER, "r3", "u13", 5L)).contains("ix_session_user")
        .doesNotContain("Seq Scan").doesNotContain("Sort");
  }

  @Test
  void user_byRealmAndUsername_usesUniqueIndex() throws SQLException {
    assertThat(plan(JdbcUserStore.FIND_BY_USERNAME, "r3", "name13")).contains("uq_app_user_username")
        .doesNotContain("Seq Scan");
  }

  @Test
  void revocationsSince_bySeq_usesPrimaryKeyInOrder() throws SQLException {
    assertThat(plan(JdbcRevocationStore.SINCE, 29000L, 1000)).contains("pk_revocation").doesNotContain("Seq Scan")
        .doesNotContain("Sort");
  }

  @Test
  void purgeExpired_byRealmAndExpiry_usesRealmExpiryIndex() throws SQLException {
    assertThat(plan(JdbcRevocationStore.PURGE, "r3", 1000100L, 500)).contains("ix_revocation_realm_expires")
        .doesNotContain("Seq Scan");
  }

  @Test
  void revocationsWithSeqs_usesPrimaryKey() throws SQLException {
    Object[] seqs = new Object[JdbcRevocationStore.SEQS_PER_QUERY];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = 100L + i;
    }
    assertThat(plan(JdbcRevocationStore.WITH_SEQS, seqs)).contains("pk_revocation").doesNotContain("Seq Scan");
  }

  @Test
  void purgeSessions_expiredOrRevoked_useRealmFirstIndexes() throws SQLException {
    assertThat(plan(JdbcSessionStore.PURGE_EXPIRED_SESSIONS, "r3", "r3", 1000100L, 500))
        .contains("ix_session_realm_expires").doesNotContain("Seq Scan");
    assertThat(plan(JdbcSessionStore.PURGE_REVOKED_SESSIONS, "r3", "r3", 1000100L, 500))
        .contains("ix_session_realm_revoked").doesNotContain("Seq Scan");
  }

  @Test
  void purgeRefreshTokens_byRealmAndExpiry_usesRealmExpiryIndex() throws SQLException {
    assertThat(plan(JdbcSessionStore.PURGE_EXPIRED_TOKENS, "r3", "r3", 1100L, 500))
        .contains("ix_refresh_token_realm_expires").doesNotContain("Seq Scan");
  }

  @Test
  void purgeAudit_byRealmAndTime_usesRealmTimeIndex() throws SQLException {
    assertThat(plan(JdbcAuditStore.PURGE, "r3", 100L, 500)).contains("ix_audit_event_realm_at")
        .doesNotContain("Seq Scan");
  }

  @Test
  void longestAccessTtl_byName_usesPrimaryKey() throws SQLException {
    try (Connection c = jdbc.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO realm (name, issuer_name, access_ttl_ms, refresh_ttl_ms, session_max_ttl_ms, "
          + "reuse_grace_ms, signing_algorithm, auth_services) SELECT 'q' || i, 'q', 1, 1, 1, 1, 'ES256', '' "
          + "FROM generate_series(1, 30000) i");
      s.execute("ANALYZE realm");
    }
    assertThat(plan(JdbcRealmStore.LONGEST_TTL, "q13")).contains("pk_realm").doesNotContain("Seq Scan");
    assertThat(plan(JdbcRealmStore.RAISE_LONGEST_TTL, "q13")).contains("pk_realm").doesNotContain("Seq Scan");
  }

  /**
   * SPEC 10 key lifecycle: 10,000 realms of three keys each, each row with a key-sized encrypted part.
   * A node's periodic reload reads every key's lifecycle through the covering index alone (no key
   * material, no sort); the per-realm statements use the realm-first keys.
   */
  @Test
  void signingKeys_scheduleScanIsIndexOnlyAndPerRealmStatementsUseRealmFirstKeys() throws SQLException {
    try (Connection c = jdbc.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO signing_key (realm, kid, algorithm, public_jwk, encrypted_private_jwk, created_at, "
          + "activates_at, retired_at, delete_after) SELECT 'k' || (i % 10000), 'kid' || i, 'ES256', "
          + "repeat('p', 200), decode(repeat('ab', 300), 'hex'), i, i + 600, NULL, NULL "
          + "FROM generate_series(1, 30000) i");
      s.execute("VACUUM ANALYZE signing_key");
    }
    assertThat(plan(JdbcKeyStore.SCHEDULES)).contains("Index Only Scan using ix_signing_key_schedule")
        .doesNotContain("Seq Scan").doesNotContain("Sort");
    assertThat(plan(JdbcKeyStore.LIST, "k13")).contains("ix_signing_key_schedule").doesNotContain("Seq Scan")
        .doesNotContain("Sort");
    assertThat(plan(JdbcKeyStore.LOCK_KEY, "k13", "kid13")).contains("pk_signing_key").doesNotContain("Seq Scan");
    assertThat(plan(JdbcKeyStore.NEWEST, "k13")).contains("ix_signing_key_schedule").doesNotContain("Seq Scan");
    assertThat(plan(JdbcKeyStore.PURGE, "k13", "k13", 100L, 500)).contains("pk_signing_key")
        .doesNotContain("Seq Scan");
    assertThat(plan(JdbcKeyStore.RETIRE_OTHERS, 1L, 2L, "k13", "kid13", 1L)).doesNotContain("Seq Scan");
  }

  @Test
  void auditRecent_byRealmNewestFirst_usesRealmTimeIndexWithoutSort() throws SQLException {
    assertThat(plan(JdbcAuditStore.RECENT, "r3", 50)).contains("ix_audit_event_realm_at").doesNotContain("Seq Scan")
        .doesNotContain("Sort");
  }

  /** The text of {@code EXPLAIN} for {@code sql} with its parameters bound. */
  private static String plan(String sql, Object... params) throws SQLException {
    try (Connection c = jdbc.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      Database.bind(ps, params);
      List<String> lines = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
      String text = String.join("\n", lines);
      System.out.println(sql + "\n" + text + "\n");
      return text;
    }
  }
}
