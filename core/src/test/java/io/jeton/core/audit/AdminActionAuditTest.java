package io.jeton.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.CoreFixture;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code Engine.auditAdminAction}: the admin API's events are stored at once, and only those. */
class AdminActionAuditTest {
  @Test
  void adminAction_isStoredBeforeTheCallReturns() {
    try (CoreFixture f = new CoreFixture()) {
      f.engine.auditAdminAction(new AuditEvent("acme", Instant.parse("2026-12-02T08:00:00Z"), AuditType.ADMIN_ACTION,
          "ops-cli", "ops-cli", "", "cid-1", "POST /admin/realms: created realm 'x'"));

      assertThat(f.stores.audit().recent("acme", 10)).extracting(AuditEvent::type).containsExactly(
          AuditType.ADMIN_ACTION);
    }
  }

  @Test
  void anotherType_isRefused() {
    try (CoreFixture f = new CoreFixture()) {
      assertThatThrownBy(() -> f.engine.auditAdminAction(new AuditEvent("acme", Instant.now(), AuditType.LOGIN_OK,
          "app", "u", "", "", ""))).isInstanceOf(IllegalArgumentException.class);
      assertThat(f.stores.audit().recent("acme", 10)).isEmpty();
    }
  }
}
