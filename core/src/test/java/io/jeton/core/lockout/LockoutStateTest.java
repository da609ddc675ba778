package io.jeton.core.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.realm.LockoutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The counting rules every lockout store applies (SPEC 7). */
class LockoutStateTest {
  private static final LockoutPolicy POLICY = new LockoutPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(200), 20);
  private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
  private static final LockoutState.Attempt EVALUATE = new LockoutState.Attempt.Evaluate();
  private static final LockoutState.Attempt BUSY = new LockoutState.Attempt.Busy();

  private LockoutState state = LockoutState.FRESH;

  private LockoutState.Attempt begin(Instant at) {
    LockoutState.Step<LockoutState.Attempt> step = state.begin(POLICY, at);
    state = step.next();
    return step.result();
  }

  private Optional<Instant> failed(Instant at) {
    LockoutState.Step<Optional<Instant>> step = state.failed(POLICY, at);
    state = step.next();
    return step.result();
  }

  /** {@code n} wrong passwords one after the other; the lock the last one set. */
  private Optional<Instant> wrong(int n, Instant at) {
    Optional<Instant> lock = Optional.empty();
    for (int i = 0; i < n; i++) {
      assertThat(begin(at)).isEqualTo(EVALUATE);
      lock = failed(at);
    }
    return lock;
  }

  @Test
  void begin_moreParallelAttemptsThanMaxFailures_admitsOnlyMaxFailuresAndTellsTheRestToWait() {
    assertThat(begin(T0)).isEqualTo(EVALUATE);
    assertThat(begin(T0)).isEqualTo(EVALUATE);
    assertThat(begin(T0)).isEqualTo(EVALUATE);
    assertThat(begin(T0)).isEqualTo(BUSY);
    assertThat(failed(T0)).isEmpty();
    assertThat(failed(T0)).isEmpty();
    assertThat(begin(T0)).isEqualTo(BUSY);
    assertThat(failed(T0)).contains(T0.plusSeconds(60));
    assertThat(begin(T0.plusSeconds(1))).isEqualTo(new LockoutState.Attempt.Refused(T0.plusSeconds(60)));
  }

  @Test
  void released_attemptThatCouldNotBeEvaluated_givesItsRoomBack() {
    begin(T0);
    begin(T0);
    begin(T0);
    state = state.released();
    assertThat(begin(T0)).isEqualTo(EVALUATE);
    assertThat(state.failures()).isZero();
  }

  @Test
  void begin_attemptsOfAKilledProcess_areForgottenAfterThePendingTimeout() {
    begin(T0);
    begin(T0);
    begin(T0);
    assertThat(begin(T0.plus(LockoutState.PENDING_TIMEOUT).minusMillis(1))).isEqualTo(BUSY);
    assertThat(begin(T0.plus(LockoutState.PENDING_TIMEOUT))).isEqualTo(EVALUATE);
  }

  @Test
  void failed_afterALockEnds_countsAfreshAndTheNextLockDoublesUpToMaxLock() {
    assertThat(wrong(3, T0)).contains(T0.plusSeconds(60));
    Instant afterFirst = T0.plusSeconds(60);
    assertThat(wrong(2, afterFirst)).isEmpty();
    assertThat(wrong(1, afterFirst)).contains(afterFirst.plusSeconds(120));
    Instant afterSecond = afterFirst.plusSeconds(120);
    // 240 s would be the double; maxLock caps it at 200 s
    assertThat(wrong(3, afterSecond)).contains(afterSecond.plusSeconds(200));
  }

  @Test
  void begin_afterMaxLockOfQuiet_forgetsFailuresAndTheDoubling() {
    wrong(3, T0);
    Instant quiet = T0.plusSeconds(60 + 200);
    assertThat(wrong(3, quiet)).contains(quiet.plusSeconds(60));
  }

  @Test
  void lockNumber_doublesUpToMaxLock() {
    assertThat(POLICY.lockNumber(1)).isEqualTo(Duration.ofSeconds(60));
    assertThat(POLICY.lockNumber(2)).isEqualTo(Duration.ofSeconds(120));
    assertThat(POLICY.lockNumber(3)).isEqualTo(Duration.ofSeconds(200));
    assertThat(POLICY.lockNumber(40)).isEqualTo(Duration.ofSeconds(200));
  }
}
