package io.jeton.core.auth;

import static io.jeton.core.CoreFixture.CTX;
import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.CoreFixture;
import io.jeton.core.audit.AuditType;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.TokenCommand;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.lockout.Unlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The user lockout (SPEC 7, review H2) written as the attack: a guessing run against alice, in
 * parallel and through every way of logging in. The realm has the defaults: 5 failures, 60 s.
 */
class LoginGuardTest {
  private static final OAuthError WRONG = OAuthError.invalidGrant(OAuthError.Reason.BAD_USER_CREDENTIALS,
      "invalid username or password");

  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private TokenOutcome password(String username, String password) {
    return f.engine.token(new TokenCommand.Password(f.realm, f.app(), TokenCommand.UserCredentials.of(username,
        password), Optional.empty()), CTX);
  }

  private TokenOutcome agsLogin(String username, String password) {
    return f.engine.token(new TokenCommand.Login(f.realm, f.dialect("ags"), Optional.of("password"),
        Map.of("username", username, "password", password)), CTX);
  }

  private static OAuthError denied(TokenOutcome outcome) {
    assertThat(outcome).isInstanceOf(TokenOutcome.Denied.class);
    return ((TokenOutcome.Denied) outcome).error();
  }

  @Test
  void password_hundredParallelWrongGuesses_evaluateAtMostMaxFailuresThenTheRightOneIsRefused() throws Exception {
    long before = f.engine.passwordVerifications();
    List<Future<TokenOutcome>> guesses = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        String guess = "guess-" + i;
        guesses.add(pool.submit(() -> password("alice", guess)));
      }
    }
    for (Future<TokenOutcome> g : guesses) {
      assertThat(denied(g.get())).isEqualTo(WRONG);
    }
    assertThat(f.engine.passwordVerifications() - before).isEqualTo(5);

    assertThat(denied(password("alice", "alice-pass"))).isEqualTo(WRONG);
    assertThat(f.engine.passwordVerifications() - before).isEqualTo(5);
    assertThat(f.audited(AuditType.LOCKOUT)).singleElement()
        .satisfies(e -> assertThat(e.username()).isEqualTo("alice"));

    f.advance(Duration.ofSeconds(60));
    issued(password("alice", "alice-pass"));
  }

  @Test
  void password_twentyParallelRightLogins_allSucceedOneAfterTheOther() throws Exception {
    List<Future<TokenOutcome>> logins = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        logins.add(pool.submit(() -> password("alice", "alice-pass")));
      }
    }
    for (Future<TokenOutcome> l : logins) {
      issued(l.get());
    }
    assertThat(f.audited(AuditType.LOCKOUT)).isEmpty();
  }

  @Test
  void login_lockedThroughTheStandardGrant_isLockedInTheDialectsToo() {
    for (int i = 0; i < 5; i++) {
      denied(password("alice", "wrong"));
    }
    assertThat(denied(agsLogin("alice", "alice-pass"))).isEqualTo(WRONG);
  }

  @Test
  void password_aSuccess_resetsTheCount() {
    for (int i = 0; i < 4; i++) {
      denied(password("alice", "wrong"));
    }
    issued(password("alice", "alice-pass"));
    for (int i = 0; i < 4; i++) {
      denied(password("alice", "wrong"));
    }
    issued(password("alice", "alice-pass"));
  }

  @Test
  void password_aSecondLockInARow_lastsTwiceAsLong() {
    for (int i = 0; i < 5; i++) {
      denied(password("alice", "wrong"));
    }
    f.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 5; i++) {
      denied(password("alice", "wrong"));
    }
    f.advance(Duration.ofSeconds(119));
    assertThat(denied(password("alice", "alice-pass"))).isEqualTo(WRONG);
    f.advance(Duration.ofSeconds(1));
    issued(password("alice", "alice-pass"));
  }

  @Test
  void unlockUser_liftsTheLockAtOnce() {
    for (int i = 0; i < 5; i++) {
      denied(password("alice", "wrong"));
    }
    assertThat(f.engine.unlockUser(f.realm, "alice")).isEqualTo(Unlock.LIFTED);
    issued(password("alice", "alice-pass"));
    assertThat(f.engine.unlockUser(f.realm, "alice")).isEqualTo(Unlock.NOTHING_TO_LIFT);
    assertThat(f.engine.unlockUser(f.realm, "nobody")).isEqualTo(Unlock.NO_SUCH_USER);
  }

  @Test
  void password_unknownUsername_locksLikeAKnownOne() {
    long before = f.engine.passwordVerifications();
    for (int i = 0; i < 8; i++) {
      assertThat(denied(password("nobody", "guess-" + i))).isEqualTo(WRONG);
    }
    // no stored hash was checked, and the lock row exists as it would for alice: nothing tells them apart
    assertThat(f.engine.passwordVerifications()).isEqualTo(before);
    assertThat(f.stores.lockouts().find(f.realm.name(), "nobody").orElseThrow())
        .satisfies(s -> assertThat(s.failures()).isEqualTo(5))
        .satisfies(s -> assertThat(s.lockedUntil()).isPresent());
  }

  @Test
  void login_missingPassword_countsNothing() {
    for (int i = 0; i < 10; i++) {
      denied(agsLogin("alice", ""));
    }
    issued(password("alice", "alice-pass"));
  }
}
