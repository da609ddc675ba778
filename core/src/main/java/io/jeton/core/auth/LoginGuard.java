package io.jeton.core.auth;

import io.jeton.core.ClientId;
import io.jeton.core.RequestContext;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.lockout.LockoutState;
import io.jeton.core.lockout.LockoutStore;
import io.jeton.core.realm.LockoutPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.LocalPasswordCheck;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * The user lockout (SPEC 7, review H2) around every login with a {@code username}, through any
 * API and any authentication service: the attempt is counted in the store before the password
 * is checked ({@link LockoutState}), so that however many guesses arrive at once, at most
 * {@code maxFailures} are evaluated before the username is locked (an attempt that finds the
 * allowance taken by attempts still being checked waits for them, up to {@link #MAX_WAIT}, then
 * gets the API's "temporarily unavailable"). A refused attempt gets
 * exactly the answer of a wrong password, after the same Argon2id work, so neither the body nor
 * the time tells that the lock exists; the lock is audited once, when it is set.
 */
public final class LoginGuard {
  private final LockoutStore store;
  private final LocalPasswordCheck passwords;
  private final AuditLog audit;
  private final InstantSource clock;

  public LoginGuard(LockoutStore store, LocalPasswordCheck passwords, AuditLog audit, InstantSource clock) {
    this.store = store;
    this.passwords = passwords;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * How long an attempt waits, at most, for the attempts of the same username already being checked
   * before it is told the server is busy; the hashing pool's own queue wait, so that a burst of one
   * account's logins on a busy machine waits as long as anyone's.
   */
  static final Duration MAX_WAIT = io.jeton.core.user.PasswordHasher.DEFAULT_QUEUE_WAIT;

  /**
   * Admits the attempt, waiting with growing pauses while other attempts of the username hold the
   * allowance (a burst of right logins of one account then goes through one after the other; a
   * guessing run ends in the lock).
   */
  private LockoutState.Attempt admit(Realm realm, String username, LockoutPolicy policy) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    long pauseMillis = 5;
    while (true) {
      LockoutState.Attempt a = store.begin(realm.name(), username, policy, clock.instant());
      if (!(a instanceof LockoutState.Attempt.Busy) || System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
        return a;
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return a;
      }
      pauseMillis = Math.min(pauseMillis * 2, 200);
    }
  }

  /** {@code service.authenticate}, counted and refused while the username is locked. */
  public AuthService.Result authenticate(AuthService service, Realm realm, Map<String, String> parameters,
      ClientId client, RequestContext ctx) {
    Optional<OAuthError> bad = AuthServices.missing(service, parameters);
    if (bad.isPresent()) {
      return new AuthService.Result.Failed(bad.get()); // counts nothing: no password was tried
    }
    String username = parameters.get("username");
    LockoutPolicy policy = realm.lockout();
    if (username == null || !policy.locksUsers()) {
      return service.authenticate(realm, parameters);
    }
    LockoutState.Attempt attempt = admit(realm, username, policy);
    switch (attempt) {
      case LockoutState.Attempt.Refused r -> {
        return new AuthService.Result.Failed(passwords.refuseAsWrong(parameters.getOrDefault("password", "")));
      }
      case LockoutState.Attempt.Busy b -> {
        return new AuthService.Result.Failed(OAuthError.of(ErrorCode.TEMPORARILY_UNAVAILABLE, OAuthError.Reason.OVERLOADED,
            "too many logins of this user in progress, retry shortly"));
      }
      case LockoutState.Attempt.Evaluate e -> { }
    }
    AuthService.Result result;
    try {
      result = service.authenticate(realm, parameters);
    } catch (RuntimeException | Error e) {
      store.release(realm.name(), username);
      throw e;
    }
    switch (result) {
      case AuthService.Result.Authenticated ok -> store.clear(realm.name(), username);
      case AuthService.Result.Failed(OAuthError e) when e.reason() == OAuthError.Reason.USER_DISABLED ->
          store.clear(realm.name(), username); // the right password of a disabled user: no guess
      case AuthService.Result.Failed(OAuthError e) when e.reason() == OAuthError.Reason.BAD_USER_CREDENTIALS ->
          store.failed(realm.name(), username, policy, clock.instant()).ifPresent(until -> audit.record(
              new AuditEvent(realm.name().value(), clock.instant(), AuditType.LOCKOUT, client.value(), "", "",
                  ctx.correlationId(), service.id() + ": locked until " + until, username, ctx.remoteAddress())));
      case AuthService.Result.Failed f -> store.release(realm.name(), username); // not evaluated
    }
    return result;
  }
}
