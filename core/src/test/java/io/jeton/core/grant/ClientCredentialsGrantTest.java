package io.jeton.core.grant;

import static io.jeton.core.CoreFixture.CTX;
import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.CoreFixture;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 6749 section 4.4: only a confidential client that proved its secret. */
class ClientCredentialsGrantTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static OAuthError denied(TokenOutcome outcome) {
    assertThat(outcome).isInstanceOf(TokenOutcome.Denied.class);
    return ((TokenOutcome.Denied) outcome).error();
  }

  @Test
  void clientCredentials_confidentialClient_issuesAnAccessTokenWithoutRefreshOrSession() {
    IssuedTokens t = issued(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.app(), Optional.of("read")), CTX));
    assertThat(t.claims().subject()).isEqualTo("app");
    assertThat(t.claims().scope()).containsExactly("read");
    assertThat(t.claims().sessionId()).isEmpty();
    assertThat(t.refreshToken()).isEmpty();
  }

  @Test
  void clientCredentials_clientWithoutTheGrant_isUnauthorizedClient() {
    OAuthError e = denied(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.confidential("other", "other-secret"), Optional.empty()), CTX));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED_CLIENT);
  }

  @Test
  void clientCredentials_publicClientOrDialectClient_isUnauthorizedClient() {
    assertThat(denied(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.publicClient("mobile"), Optional.empty()), CTX)).code())
        .isEqualTo(ErrorCode.UNAUTHORIZED_CLIENT);
    assertThat(denied(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.dialect("ags"), Optional.empty()), CTX)).code())
        .isEqualTo(ErrorCode.UNAUTHORIZED_CLIENT);
  }

  @Test
  void clientCredentials_scopeNotAllowed_isInvalidScope() {
    OAuthError e = denied(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.app(), Optional.of("admin")), CTX));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCOPE);
  }
}
