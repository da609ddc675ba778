package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the audit trail records of requests over HTTP. */
class AuditHttpTest {
  /** Review H2, last sentence: failed-login events held no username or address. */
  @Test
  void failedLogin_wrongPassword_eventNamesTheUsernameAndTheAddress() {
    try (TestNode node = TestNode.start()) {
      HttpResponse<String> r = node.post("acme", "token", "app", "app-secret",
          TestNode.form("grant_type", "password", "username", "alice", "password", "guess-1"));
      assertThat(r.statusCode()).isEqualTo(400);
      node.server.engine().flushAudit();

      List<AuditEvent> failed = node.server.database().stores().audit().recent("acme", 10).stream()
          .filter(e -> e.type() == AuditType.LOGIN_FAILED).toList();

      assertThat(failed).hasSize(1);
      assertThat(failed.getFirst().username()).isEqualTo("alice");
      assertThat(failed.getFirst().address()).contains("127.0.0.1");
      assertThat(failed.getFirst().detail()).doesNotContain("guess-1");
    }
  }
}
