package io.jeton.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.Stores;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.revoke.RevocationView;
import io.jeton.core.revoke.SessionRevoker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC 7 session cap in core, on the in-memory stores: who is revoked, how, and the audit. */
class SessionCapTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final UserId ALICE = UserId.of("alice");
  private static final RequestContext CTX = RequestContext.of("corr-1");

  private final Stores stores = InMemoryStores.create();
  private final RevocationView view = new RevocationView(stores.revocations(), () -> NOW);
  private final AuditLog audit = new AuditLog(stores.audit());
  private final SessionCap cap = new SessionCap(stores.sessions(), new SessionRevoker(stores.revocations(), stores.realms(), view),
      audit);

  @AfterEach
  void close() {
    audit.close();
  }

  private static Session session(Realm realm, int second) {
    return new Session(realm.name(), SessionId.of("s" + second), ALICE, ClientId.of("app"), "password", Set.of(),
        NOW.plusSeconds(second), NOW.plusSeconds(second).plus(Duration.ofDays(1)), Optional.empty());
  }

  private void login(Realm realm, Session s) {
    TokenHash hash = Tokens.sha256(Tokens.opaque());
    cap.create(realm, s, RefreshToken.fresh(realm.name(), hash, s.id(), s.clientId(), s.createdAt(),
        s.expiresAt()), CTX);
  }

  @Test
  void create_beyondCap_revokesTheOldestLikeAnyRevokedSessionAndAuditsIt() {
    Realm realm = Realm.withDefaults(RealmName.of("capped")).withMaxSessionsPerUser(2);
    login(realm, session(realm, 0));
    login(realm, session(realm, 1));

    login(realm, session(realm, 2));

    assertThat(stores.sessions().find(realm.name(), SessionId.of("s0")).orElseThrow().revokedAt())
        .contains(NOW.plusSeconds(2));
    assertThat(view.isSessionRevoked(realm.name(), SessionId.of("s0"))).isTrue();
    assertThat(view.isSessionRevoked(realm.name(), SessionId.of("s1"))).isFalse();
    assertThat(stores.revocations().since(0, 10)).extracting(RevocationEntry::kind, RevocationEntry::value)
        .containsExactly(tuple(RevocationEntry.Kind.SESSION, "s0"));
    audit.flush();
    assertThat(stores.audit().recent("capped", 10)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(AuditType.REVOKE);
      assertThat(e.sessionId()).isEqualTo("s0");
      assertThat(e.userId()).isEqualTo("alice");
      assertThat(e.correlationId()).isEqualTo("corr-1");
    });
  }

  @Test
  void create_noCap_keepsEverySessionLive() {
    Realm realm = Realm.withDefaults(RealmName.of("open"));
    for (int i = 0; i < 5; i++) {
      login(realm, session(realm, i));
    }

    for (int i = 0; i < 5; i++) {
      assertThat(stores.sessions().find(realm.name(), SessionId.of("s" + i)).orElseThrow().isLive(NOW.plusSeconds(5)))
          .isTrue();
    }
    assertThat(stores.revocations().since(0, 10)).isEmpty();
    audit.flush();
    assertThat(stores.audit().recent("open", 10)).extracting(AuditEvent::type).doesNotContain(AuditType.REVOKE);
  }
}
