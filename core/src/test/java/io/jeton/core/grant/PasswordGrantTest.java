package io.jeton.core.grant;

import static io.jeton.core.CoreFixture.CTX;
import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.CoreFixture;
import io.jeton.core.audit.AuditType;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.error.OAuthError.Reason;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 6749 section 4.3 and the client-less dialect logins: who may log users in. */
class PasswordGrantTest {
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
  void password_confidentialClient_startsASessionForThatClient() {
    IssuedTokens t = f.login(f.app());
    assertThat(t.session().orElseThrow().clientId().value()).isEqualTo("app");
    assertThat(t.claims().sessionId()).isPresent();
    assertThat(f.audited(AuditType.LOGIN_OK)).hasSize(1);
  }

  @Test
  void password_publicClient_isUnauthorizedClient() {
    OAuthError e = denied(f.engine.token(new TokenCommand.Password(f.realm, f.publicClient("mobile"), TokenCommand.UserCredentials.of("alice", "alice-pass"), Optional.empty()), CTX));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED_CLIENT);
    assertThat(e.description()).isEqualTo("client 'mobile' may not use grant_type 'password'");
  }

  @Test
  void login_publicClientAsCaller_isRefusedEvenThroughLogin() {
    OAuthError e = denied(f.engine.token(new TokenCommand.Login(f.realm, f.publicClient("mobile"), Optional.empty(), Map.of("username", "alice", "password", "alice-pass")), CTX));
    assertThat(e.reason()).isEqualTo(Reason.GRANT_NOT_ALLOWED);
  }

  @Test
  void login_dialectClient_startsASessionForTheClientTheRealmNamed() {
    IssuedTokens t = issued(f.engine.token(new TokenCommand.Login(f.realm, f.dialect("ags"), Optional.of("password"), Map.of("username", "alice", "password", "alice-pass")), CTX));
    assertThat(t.session().orElseThrow().clientId().value()).isEqualTo("mobile");
  }

  @Test
  void password_wrongPassword_isInvalidGrantAndAudited() {
    OAuthError e = denied(f.engine.token(new TokenCommand.Password(f.realm, f.app(), TokenCommand.UserCredentials.of("alice", "wrong"), Optional.empty()), CTX));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_GRANT);
    assertThat(e.reason()).isEqualTo(Reason.BAD_USER_CREDENTIALS);
    assertThat(f.audited(AuditType.LOGIN_FAILED)).hasSize(1);
  }

  @Test
  void login_unknownAuthService_isInvalidRequest() {
    OAuthError e = denied(f.engine.token(new TokenCommand.Login(f.realm, f.app(), Optional.of("corp"), Map.of("username", "alice", "password", "alice-pass")), CTX));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_AUTH_SERVICE);
  }
}
