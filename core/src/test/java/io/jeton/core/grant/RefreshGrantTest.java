package io.jeton.core.grant;

import static io.jeton.core.CoreFixture.CTX;
import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.Caller;
import io.jeton.core.CoreFixture;
import io.jeton.core.Engine;
import io.jeton.core.audit.AuditType;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.error.OAuthError.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 6749 section 6 with rotation, the caller's grants on every path and the bound grace window. */
class RefreshGrantTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private TokenOutcome refresh(Caller caller, String token) {
    return f.engine.token(new TokenCommand.Refresh(f.realm, caller, token, Optional.empty(), TokenCommand.Expectations.NONE), CTX);
  }

  private static OAuthError denied(TokenOutcome outcome) {
    assertThat(outcome).isInstanceOf(TokenOutcome.Denied.class);
    return ((TokenOutcome.Denied) outcome).error();
  }

  @Test
  void refresh_ownToken_rotatesToANewRefreshToken() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    IssuedTokens next = issued(refresh(f.app(), rt));
    assertThat(next.refreshToken()).isPresent().isNotEqualTo(Optional.of(rt));
    assertThat(f.audited(AuditType.REFRESH)).hasSize(1);
  }

  @Test
  void refresh_clientWithoutRefreshGrant_isUnauthorizedClient() {
    String rt = f.login(f.confidential("noRefresh", "nr-secret")).refreshToken().orElseThrow();
    OAuthError e = denied(refresh(f.confidential("noRefresh", "nr-secret"), rt));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED_CLIENT);
    assertThat(e.reason()).isEqualTo(Reason.GRANT_NOT_ALLOWED);
  }

  @Test
  void refresh_dialectClientWithoutRefreshGrant_isRefusedToo() {
    // Amino is handed noRefresh: its login works, its refresh does not (review CR1: no refreshAs).
    Caller amino = f.dialect("amino");
    String rt = issued(f.engine.token(new TokenCommand.Login(f.realm, amino, Optional.empty(), Map.of("username", "alice", "password", "alice-pass")), CTX)).refreshToken().orElseThrow();
    assertThat(denied(f.engine.token(new TokenCommand.Refresh(f.realm, amino, rt, Optional.empty(), TokenCommand.Expectations.NONE), CTX)).reason())
        .isEqualTo(Reason.GRANT_NOT_ALLOWED);
  }

  @Test
  void refresh_tokenOfAnotherClient_isInvalidGrantAndLeavesTheTokenUsable() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    OAuthError e = denied(refresh(f.confidential("other", "other-secret"), rt));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_GRANT);
    assertThat(e.reason()).isEqualTo(Reason.WRONG_CLIENT);
    issued(refresh(f.app(), rt));
  }

  @Test
  void refresh_publicClientOfItsOwnToken_rotates() {
    Caller ags = f.dialect("ags");
    String rt = issued(f.engine.token(new TokenCommand.Login(f.realm, ags, Optional.empty(), Map.of("username", "alice", "password", "alice-pass")), CTX)).refreshToken().orElseThrow();
    assertThat(issued(refresh(f.publicClient("mobile"), rt)).refreshToken()).isPresent();
  }

  @Test
  void refresh_retryInGraceBySameCaller_getsTheSameSuccessorAndIsAudited() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    String first = issued(refresh(f.app(), rt)).refreshToken().orElseThrow();
    f.advance(Duration.ofSeconds(5));
    String retry = issued(refresh(f.app(), rt)).refreshToken().orElseThrow();
    assertThat(retry).isEqualTo(first);
    assertThat(f.audited(AuditType.REFRESH_REPLAYED)).hasSize(1);
    assertThat(f.audited(AuditType.REFRESH_REUSE_DETECTED)).isEmpty();
  }

  @Test
  void refresh_retryInGraceByAnotherCallerOfTheSameClient_isReuseAndRevokesTheSession() {
    Caller ags = f.dialect("ags");
    String rt = issued(f.engine.token(new TokenCommand.Login(f.realm, ags, Optional.empty(), Map.of("username", "alice", "password", "alice-pass")), CTX)).refreshToken().orElseThrow();
    String next = issued(refresh(f.publicClient("mobile"), rt)).refreshToken().orElseThrow();
    f.advance(Duration.ofSeconds(1));
    assertThat(denied(f.engine.token(new TokenCommand.Refresh(f.realm, ags, rt, Optional.empty(), TokenCommand.Expectations.NONE), CTX)).reason())
        .isEqualTo(Reason.REUSED_TOKEN);
    assertThat(denied(refresh(f.publicClient("mobile"), next)).reason()).isEqualTo(Reason.REVOKED_TOKEN);
    assertThat(f.audited(AuditType.REFRESH_REUSE_DETECTED)).hasSize(1);
  }

  @Test
  void refresh_retryAfterTheGraceWindow_isReuseAndRevokesTheSession() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    String next = issued(refresh(f.app(), rt)).refreshToken().orElseThrow();
    f.advance(Duration.ofSeconds(11));
    assertThat(denied(refresh(f.app(), rt)).reason()).isEqualTo(Reason.REUSED_TOKEN);
    assertThat(denied(refresh(f.app(), next)).reason()).isEqualTo(Reason.REVOKED_TOKEN);
  }

  @Test
  void refresh_agsExpectationsNotMet_isAccessDenied() {
    Caller ags = f.dialect("ags");
    String rt = issued(f.engine.token(new TokenCommand.Login(f.realm, ags, Optional.empty(), Map.of("username", "alice", "password", "alice-pass")), CTX)).refreshToken().orElseThrow();
    OAuthError e = denied(f.engine.token(new TokenCommand.Refresh(f.realm, ags, rt, Optional.empty(), new TokenCommand.Expectations(Optional.empty(), Optional.of("dave"))), CTX));
    assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(e.reason()).isEqualTo(Reason.USER_MISMATCH);
  }
}
