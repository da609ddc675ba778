package io.jeton.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.RealmName;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.realm.Realm;
import java.time.Instant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStoresTest {
  @TempDir Path dir;

  @Test
  void open_freshH2File_migratesAndAnswersPing() {
    try (JdbcStores stores = JdbcStores.open("jdbc:h2:file:" + dir.resolve("jeton"), "sa", "", 2)) {
      assertThat(stores.ping()).isTrue();
      stores.stores().realms().upsert(Realm.withDefaults(RealmName.of("demo")));
      assertThat(stores.stores().realms().find(RealmName.of("demo"))).isPresent();
    }
  }

  @Test
  void open_existingDatabase_keepsData() {
    String url = "jdbc:h2:file:" + dir.resolve("again");
    try (JdbcStores stores = JdbcStores.open(url, "sa", "", 2)) {
      stores.stores().realms().upsert(Realm.withDefaults(RealmName.of("kept")));
    }
    try (JdbcStores stores = JdbcStores.open(url, "sa", "", 2)) {
      assertThat(stores.stores().realms().list()).extracting(Realm::name).containsExactly(RealmName.of("kept"));
    }
  }

  @Test
  void ping_closedPool_returnsFalse() {
    JdbcStores stores = JdbcStores.open("jdbc:h2:file:" + dir.resolve("closed"), "sa", "", 1);
    stores.close();
    assertThat(stores.ping()).isFalse();
  }

  @Test
  void h2Url_withoutSettings_appendsDurabilityAndLockTimeout() {
    assertThat(JdbcStores.h2Url("jdbc:h2:file:/x/jeton"))
        .isEqualTo("jdbc:h2:file:/x/jeton;WRITE_DELAY=0;RETENTION_TIME=1000;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;"
            + "QUERY_CACHE_SIZE=128");
  }

  @Test
  void h2Url_withOwnSettings_keepsThem() {
    assertThat(JdbcStores.h2Url("jdbc:h2:file:/x/jeton;write_delay=100;LOCK_TIMEOUT=5;Retention_Time=0;"
        + "db_close_on_exit=TRUE;query_cache_size=4"))
        .isEqualTo("jdbc:h2:file:/x/jeton;write_delay=100;LOCK_TIMEOUT=5;Retention_Time=0;db_close_on_exit=TRUE;"
            + "query_cache_size=4");
  }

  @Test
  void open_unsupportedUrl_throws() {
    assertThatThrownBy(() -> JdbcStores.open("jdbc:mysql://localhost/x", "u", "p", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql://localhost/x");
  }

  @Test
  void open_inMemoryH2_works() {
    try (JdbcStores stores = JdbcStores.open("jdbc:h2:mem:jeton-" + System.nanoTime(), "sa", "", 2)) {
      stores.stores().realms().upsert(Realm.withDefaults(RealmName.of("mem")));
      assertThat(stores.stores().realms().find(RealmName.of("mem"))).isPresent();
      assertThat(stores.ping()).isTrue();
    }
  }

  @Test
  void audit_overlongFields_areCutNotLost() {
    try (JdbcStores stores = JdbcStores.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "", 2)) {
      String pairs = "\ud83d\udd11".repeat(3000);
      stores.stores().audit().append(new AuditEvent("r", Instant.EPOCH, AuditType.LOGIN_FAILED, "c".repeat(300),
          "", "", "", pairs));

      AuditEvent stored = stores.stores().audit().recent("r", 1).getFirst();
      assertThat(stored.clientId()).isEqualTo("c".repeat(255));
      assertThat(stored.detail()).isEqualTo("\ud83d\udd11".repeat(2000));
    }
  }

  @Test
  void cut_atSurrogatePair_keepsThePairWhole() {
    assertThat(JdbcAuditStore.cut("ab\ud83d\udd11", 3)).isEqualTo("ab");
    assertThat(JdbcAuditStore.cut("abc", 3)).isEqualTo("abc");
  }
}
