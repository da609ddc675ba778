package io.jeton.core.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationViewTest {
  private static final RealmName R = RealmName.of("r");
  private static final Instant FUTURE = Instant.now().plusSeconds(3600);

  /** Entries become visible in the order the test commits them, like concurrent transactions. */
  static final class VisibleEntries implements RevocationStore {
    final List<RevocationEntry> visible = new ArrayList<>();
    int reads;

    void commit(long seq, String jti) {
      visible.add(new RevocationEntry(seq, R, RevocationEntry.Kind.ACCESS_TOKEN, jti, FUTURE));
      visible.sort(Comparator.comparingLong(RevocationEntry::seq));
    }

    @Override
    public void revokeAccessToken(RealmName realm, String jti, Instant expiresAt) {}

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

  @Test
  void evictExpired_forgetsOnlyExpiredEntries() {
    VisibleEntries store = new VisibleEntries();
    RevocationView view = new RevocationView(store, InstantSource.system());
    view.addToken(R, "old", Instant.now().minusSeconds(1));
    view.addToken(R, "new", FUTURE);
    view.addSession(R, SessionId.of("s"), FUTURE);
    view.evictExpired();
    assertThat(view.isTokenRevoked(R, "old")).isFalse();
    assertThat(view.isTokenRevoked(R, "new")).isTrue();
    assertThat(view.isSessionRevoked(R, SessionId.of("s"))).isTrue();
    assertThat(view.isTokenRevoked(RealmName.of("other"), "new")).isFalse();
  }
}
