package io.jeton.core.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.Stores;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionRevokerTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  /** Review H5: the entry was sized by the TTL in force at revocation, not the one tokens got. */
  @Test
  void revoke_afterAnImportCutTheAccessTtl_entryOutlivesTokensSignedWithTheLongerTtl() {
    Stores stores = InMemoryStores.create();
    RealmName name = RealmName.of("r");
    stores.realms().upsert(realm(name, Duration.ofSeconds(300)));
    Realm cut = realm(name, Duration.ofSeconds(5));
    stores.realms().upsert(cut);
    SessionId sid = SessionId.of("s1");
    Session session = new Session(name, sid, UserId.of("u"), ClientId.of("app"), "password", Set.of(), NOW,
        NOW.plusSeconds(3600), Optional.empty());
    stores.sessions().create(session, RefreshToken.fresh(name, new TokenHash("h".repeat(43)), sid, ClientId.of("app"),
        NOW, NOW.plusSeconds(3600)));
    RevocationView view = new RevocationView(stores.revocations(), InstantSource.fixed(NOW));

    assertThat(new SessionRevoker(stores.revocations(), stores.realms(), view).revoke(cut, sid, NOW)).isTrue();

    Instant expected = NOW.plusSeconds(300).plus(SessionRevoker.SKEW);
    assertThat(stores.revocations().since(0, 10)).extracting(RevocationEntry::expiresAt).containsExactly(expected);
    RevocationView later = new RevocationView(stores.revocations(), InstantSource.fixed(NOW.plusSeconds(299)));
    later.poll();
    assertThat(later.isSessionRevoked(name, sid)).isTrue();
  }

  private static Realm realm(RealmName name, Duration accessTtl) {
    return new Realm(name, null, Optional.empty(), accessTtl, null, null, null, null, null);
  }
}
