package io.jeton.core.revoke;

import io.jeton.core.grant.TokenCommand;
import static io.jeton.core.CoreFixture.CTX;
import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.Caller;
import io.jeton.core.CoreFixture;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.introspect.Introspection;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 7009 and revoke-with-session, as one core operation each. */
class RevokerTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private boolean active(String token) {
    return f.engine.introspect(f.realm, f.app(), token) instanceof Introspection.Active;
  }

  @Test
  void revoke_ownAccessToken_makesItInactiveButNotItsSession() {
    IssuedTokens t = f.login(f.app());
    assertThat(f.engine.revoke(f.realm, f.app(), t.accessToken(), RevocationScope.TOKEN, CTX))
        .isEqualTo(new RevocationOutcome.Done(true));
    assertThat(active(t.accessToken())).isFalse();
    assertThat(active(t.refreshToken().orElseThrow())).isTrue();
  }

  @Test
  void revoke_anotherClientsToken_isRefusedAndLeavesItActive() {
    IssuedTokens t = f.login(f.app());
    assertThat(f.engine.revoke(f.realm, f.confidential("other", "other-secret"), t.accessToken(),
        RevocationScope.TOKEN, CTX)).isInstanceOf(RevocationOutcome.Refused.class);
    assertThat(f.engine.revoke(f.realm, f.confidential("other", "other-secret"), t.refreshToken().orElseThrow(),
        RevocationScope.TOKEN, CTX)).isInstanceOf(RevocationOutcome.Refused.class);
    assertThat(active(t.accessToken())).isTrue();
  }

  @Test
  void revoke_sessionOfToken_revokesTheWholeSessionAtOnce() {
    IssuedTokens t = f.login(f.app());
    String sibling = issued(f.engine.token(new TokenCommand.Refresh(f.realm, f.app(), t.refreshToken().orElseThrow(), Optional.empty(), TokenCommand.Expectations.NONE), CTX)).accessToken();
    assertThat(f.engine.revoke(f.realm, f.app(), t.accessToken(), RevocationScope.SESSION_OF_TOKEN, CTX))
        .isEqualTo(new RevocationOutcome.Done(true));
    assertThat(active(t.accessToken())).isFalse();
    assertThat(active(sibling)).isFalse();
    assertThat(f.stores.sessions().find(f.realm.name(), t.session().orElseThrow().id()).orElseThrow().revokedAt())
        .isPresent();
    // a second time there is nothing left to revoke
    assertThat(f.engine.revoke(f.realm, f.app(), t.accessToken(), RevocationScope.SESSION_OF_TOKEN, CTX))
        .isEqualTo(new RevocationOutcome.Done(false));
  }

  @Test
  void revoke_refreshToken_revokesItsSession() {
    IssuedTokens t = f.login(f.app());
    assertThat(f.engine.revoke(f.realm, f.app(), t.refreshToken().orElseThrow(), RevocationScope.TOKEN, CTX))
        .isEqualTo(new RevocationOutcome.Done(true));
    assertThat(active(t.accessToken())).isFalse();
  }

  @Test
  void revoke_dialectClient_endsAnySessionWithAValidAccessTokenButRevokesNoRefreshToken() {
    Caller ags = f.dialect("ags");
    IssuedTokens t = f.login(f.app());
    assertThat(f.engine.revoke(f.realm, ags, t.refreshToken().orElseThrow(), RevocationScope.SESSION_OF_TOKEN, CTX))
        .isEqualTo(new RevocationOutcome.Done(false));
    assertThat(active(t.accessToken())).isTrue();
    assertThat(f.engine.revoke(f.realm, ags, t.accessToken(), RevocationScope.SESSION_OF_TOKEN, CTX))
        .isEqualTo(new RevocationOutcome.Done(true));
    assertThat(active(t.accessToken())).isFalse();
  }

  @Test
  void revoke_dialectClientWithAForgedSignature_revokesNothing() {
    IssuedTokens t = issued(f.engine.token(new TokenCommand.Login(f.realm, f.dialect("ags"), Optional.empty(), Map.of("username", "alice", "password", "alice-pass")), CTX));
    String at = t.accessToken();
    String forged = at.substring(0, at.lastIndexOf('.') + 1) + "AAAA" + at.substring(at.lastIndexOf('.') + 5);
    assertThat(f.engine.revoke(f.realm, f.dialect("ags"), forged, RevocationScope.SESSION_OF_TOKEN, CTX))
        .isEqualTo(new RevocationOutcome.Done(false));
    assertThat(active(at)).isTrue();
  }
}
