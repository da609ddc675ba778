package io.jeton.core.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RevocationViewTest {
  private static final RealmName R = RealmName.of("r");
  private static final Instant FUTURE = Instant.now().plusSeconds(3600);

  /** Entries become visible in the order the test commits them, like concurrent transactions. */
  static final class VisibleEntries implements RevocationStore {
    final List<RevocationEntry> visible = new ArrayList<>();
    int reads;
    long lastSeq;

    void commit(long seq, String jti) {
      commit(seq, jti, FUTURE);
    }

    void commit(long seq, String jti, Instant expiresAt) {
      visible.add(new RevocationEntry(seq, R, RevocationEntry.Kind.ACCESS_TOKEN, jti, expiresAt));
      visible.sort(Comparator.comparingLong(RevocationEntry::seq));
    }

    @Override
    public void revokeAccessToken(RealmName realm, String jti, Instant expiresAt) {
      long seq = visible.isEmpty() ? ++lastSeq : Math.max(++lastSeq, visible.getLast().seq() + 1);
      visible.add(new RevocationEntry(seq, realm, RevocationEntry.Kind.ACCESS_TOKEN, jti, expiresAt));
    }

    @Override
    public boolean revokeSession(RealmName realm, SessionId s, Instant at, Instant until) {
      return false;
    }

    @Override
    public List<RevocationEntry> since(long afterSeq, int limit) {
      reads++;
      return visible.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public List<RevocationEntry> withSeqs(Collection<Long> seqs) {
      reads++;
      return visible.stream().filter(e -> seqs.contains(e.seq())).toList();
    }

    @Override
    public int purgeExpired(RealmName realm, Instant now, int limit) {
      int before = visible.size();
      int[] left = {limit};
      visible.removeIf(e -> e.realm().equals(realm) && e.expiresAt().isBefore(now) && left[0]-- > 0);
      return before - visible.size();
    }
  }

  /** A clock that stands still until moved. */
  static final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }
  }

  @Test
  void poll_entryCommittedLateWithLowerSeq_isStillSeen() {
    VisibleEntries store = new VisibleEntries();
    store.commit(1, "a");
    RevocationView view = new RevocationView(store, InstantSource.system());
    view.poll();
    store.commit(3, "c"); // seq 2 handed out but not yet committed
    view.poll();
    assertThat(view.isTokenRevoked(R, "c")).isTrue();
    store.commit(2, "b");
    view.poll();
    assertThat(view.isTokenRevoked(R, "b")).isTrue();
  }

  @Test
  void poll_firstLoad_acceptsGapsFromPurgedEntries() {
    VisibleEntries store = new VisibleEntries();
    store.commit(5, "e");
    store.commit(9, "i");
    RevocationView view = new RevocationView(store, InstantSource.system());
    assertThat(view.poll()).isEqualTo(2);
    assertThat(view.isTokenRevoked(R, "e")).isTrue();
    assertThat(view.isTokenRevoked(R, "i")).isTrue();
    store.commit(10, "j");
    assertThat(view.poll()).isEqualTo(1);
  }

  /** Review H5: with a gap open, entries past the first page after it were not seen for 3 s. */
  @Test
  void poll_gapFollowedByMoreThanAPage_seesEveryEntryAtOnce() {
    VisibleEntries store = new VisibleEntries();
    store.commit(1, "a");
    RevocationView view = new RevocationView(store, new TestClock());
    view.poll();
    int flood = RevocationView.PAGE + 100;
    for (int i = 0; i < flood; i++) {
      store.commit(3 + i, "flood-" + i); // 2 is still in flight
    }
    store.commit(3 + flood, "victim");

    view.poll();

    assertThat(view.isTokenRevoked(R, "victim")).isTrue();
    assertThat(view.isTokenRevoked(R, "flood-" + (flood - 1))).isTrue();
    assertThat(view.openGaps()).isEqualTo(1);
  }

  @Test
  void poll_gapFilledLater_isAppliedAndClosed() {
    VisibleEntries store = new VisibleEntries();
    TestClock clock = new TestClock();
    store.commit(1, "a");
    RevocationView view = new RevocationView(store, clock);
    view.poll();
    store.commit(4, "d");
    view.poll();
    assertThat(view.openGaps()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(2));
    store.commit(3, "c");
    view.poll();
    assertThat(view.isTokenRevoked(R, "c")).isTrue();
    assertThat(view.openGaps()).isEqualTo(1);
    store.commit(2, "b");
    view.poll();
    assertThat(view.isTokenRevoked(R, "b")).isTrue();
    assertThat(view.openGaps()).isZero();
  }

  @Test
  void poll_gapNeverFilled_isGivenUpAfterTheWaitOnTheInjectedClock() {
    VisibleEntries store = new VisibleEntries();
    TestClock clock = new TestClock();
    store.commit(1, "a");
    RevocationView view = new RevocationView(store, clock);
    view.poll();
    store.commit(3, "c");
    view.poll();
    clock.advance(RevocationView.GAP_WAIT);
    view.poll();
    assertThat(view.openGaps()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    view.poll();

    assertThat(view.openGaps()).isZero();
  }

  @Test
  void poll_expiredEntries_areNotHeld() {
    VisibleEntries store = new VisibleEntries();
    TestClock clock = new TestClock();
    store.commit(1, "expired", clock.instant().minusSeconds(1));
    store.commit(2, "live", clock.instant().plusSeconds(5));
    RevocationView view = new RevocationView(store, clock);

    view.poll();

    assertThat(view.size()).isEqualTo(1);
    assertThat(view.isTokenRevoked(R, "live")).isTrue();
  }

  /** Review H4: a revocation flood of short-lived tokens holds only what is unexpired. */
  @Test
  void revocationFlood_shortLivedTokens_viewHoldsOnlyTheUnexpired() {
    VisibleEntries store = new VisibleEntries();
    TestClock clock = new TestClock();
    RevocationView view = new RevocationView(store, clock);
    int perSecond = 1000;
    Duration ttl = Duration.ofSeconds(5);
    for (int second = 0; second < 60; second++) {
      for (int i = 0; i < perSecond; i++) {
        String jti = "s" + second + "-" + i;
        Instant exp = clock.instant().plus(ttl);
        store.revokeAccessToken(R, jti, exp);
        view.addToken(R, jti, exp);
      }
      clock.advance(Duration.ofSeconds(1));
      view.poll();
      store.purgeExpired(R, clock.instant(), Integer.MAX_VALUE);
      assertThat(view.size()).isLessThanOrEqualTo(perSecond * (int) ttl.toSeconds());
      assertThat(store.visible).hasSizeLessThanOrEqualTo(perSecond * (int) ttl.toSeconds());
    }
    assertThat(view.isTokenRevoked(R, "s59-0")).isTrue();
    assertThat(view.isTokenRevoked(R, "s0-0")).isFalse();
    clock.advance(ttl.plusSeconds(1));
    view.poll();
    assertThat(view.size()).isZero();
  }

  @Test
  void addSession_laterExpiryForTheSameSession_keepsTheLaterOne() {
    TestClock clock = new TestClock();
    RevocationView view = new RevocationView(new VisibleEntries(), clock);
    SessionId sid = SessionId.of("s");
    view.addSession(R, sid, clock.instant().plusSeconds(10));
    view.addSession(R, sid, clock.instant().plusSeconds(100));
    view.addSession(R, sid, clock.instant().plusSeconds(50));

    clock.advance(Duration.ofSeconds(60));
    view.evictExpired();
    assertThat(view.isSessionRevoked(R, sid)).isTrue();

    clock.advance(Duration.ofSeconds(41));
    view.evictExpired();
    assertThat(view.isSessionRevoked(R, sid)).isFalse();
    assertThat(view.size()).isZero();
  }

  @Test
  void evictExpired_forgetsOnlyExpiredEntries() {
    VisibleEntries store = new VisibleEntries();
    TestClock clock = new TestClock();
    RevocationView view = new RevocationView(store, clock);
    view.addToken(R, "old", clock.instant().plusSeconds(1));
    view.addToken(R, "new", FUTURE.plusSeconds(3600 * 24 * 365 * 10L));
    view.addSession(R, SessionId.of("s"), FUTURE.plusSeconds(3600 * 24 * 365 * 10L));
    clock.advance(Duration.ofSeconds(2));
    view.evictExpired();
    assertThat(view.isTokenRevoked(R, "old")).isFalse();
    assertThat(view.isTokenRevoked(R, "new")).isTrue();
    assertThat(view.isSessionRevoked(R, SessionId.of("s"))).isTrue();
    assertThat(view.isTokenRevoked(RealmName.of("other"), "new")).isFalse();
  }
}
