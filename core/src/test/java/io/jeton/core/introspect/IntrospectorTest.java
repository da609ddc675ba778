package io.jeton.core.introspect;

import io.jeton.core.grant.TokenCommand;
import static io.jeton.core.CoreFixture.CTX;
import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.CoreFixture;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.grant.IssuedTokens;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 7662 for authenticated confidential clients only (SPEC 7, review M2). */
class IntrospectorTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void introspect_publicClient_isRefusedInvalidClient() {
    String at = f.login(f.app()).accessToken();
    Introspection r = f.engine.introspect(f.realm, f.publicClient("mobile"), at);
    assertThat(r).isInstanceOf(Introspection.Refused.class);
    assertThat(((Introspection.Refused) r).error().code()).isEqualTo(ErrorCode.INVALID_CLIENT);
    assertThat(f.engine.validate(f.realm, f.publicClient("mobile"), at)).isInstanceOf(Introspection.Refused.class);
  }

  @Test
  void introspect_dialectClient_isRefused() {
    String at = f.login(f.app()).accessToken();
    assertThat(f.engine.introspect(f.realm, f.dialect("ags"), at)).isInstanceOf(Introspection.Refused.class);
  }

  @Test
  void introspect_userAccessToken_isActiveWithUsername() {
    IssuedTokens t = f.login(f.app());
    Introspection.Active a = (Introspection.Active) f.engine.introspect(f.realm,
        f.confidential("other", "other-secret"), t.accessToken());
    assertThat(a.tokenType()).isEqualTo("access_token");
    assertThat(a.username()).contains("alice");
    assertThat(a.claims().jti()).isEqualTo(t.claims().jti());
  }

  @Test
  void introspect_refreshTokenOfItsHolder_isActiveWithoutJti() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    Introspection.Active a = (Introspection.Active) f.engine.introspect(f.realm, f.app(), rt);
    assertThat(a.tokenType()).isEqualTo("refresh_token");
    assertThat(a.claims().jti()).isEmpty();
    assertThat(a.username()).contains("alice");
  }

  @Test
  void introspect_refreshTokenOfAnotherClient_isInactive() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    assertThat(f.engine.introspect(f.realm, f.confidential("other", "other-secret"), rt))
        .isEqualTo(Introspection.INACTIVE);
  }

  @Test
  void validate_refreshToken_isInactive() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    assertThat(f.engine.validate(f.realm, f.app(), rt)).isEqualTo(Introspection.INACTIVE);
  }

  @Test
  void introspect_expiredAccessToken_isInactive() {
    String at = issued(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.app(), Optional.empty()), CTX)).accessToken();
    f.advance(Duration.ofSeconds(3601));
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isEqualTo(Introspection.INACTIVE);
  }
}
