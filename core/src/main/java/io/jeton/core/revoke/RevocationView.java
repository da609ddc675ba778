package io.jeton.core.revoke;

import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory view of every unexpired revocation, so that introspecting an unrevoked token
 * needs no database round trip. Local revocations are added at once; {@link #poll()} brings in
 * those of other nodes (SPEC: "reported inactive by every node of a cluster within 1 s").
 *
 * <p>Bounded by expiry (SPEC 7, review H4): an entry is held only until its own stored expiry,
 * an already expired entry is never added, and an index ordered by expiry lets {@link
 * #evictExpired} (run after every poll) forget exactly the expired ones without scanning the
 * rest. So the view holds at most the revocations of tokens that are still unexpired.
 *
 * <p>Gaps (review H5). Sequence numbers are handed out when a row is inserted but become visible
 * when its transaction commits, so a poll may see 7 before 6. The cursor moves to the highest
 * sequence number seen at once, however many entries follow a gap (no stall), and every missing
 * number below it is remembered as a gap for {@link #GAP_WAIT}, measured on the injected clock;
 * each poll asks the store for the open gaps ({@link RevocationStore#withSeqs}) and applies what
 * has committed since. A gap still empty after {@link #GAP_WAIT} was a rolled-back insert (or a
 * value a database sequence skipped) and is forgotten. The first poll after start remembers only
 * the gaps among the last {@link #INITIAL_GAP_WINDOW} numbers: older ones are purged entries.
 */
public final class RevocationView {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationView.class);
  static final Duration GAP_WAIT = Duration.ofSeconds(3);
  static final int PAGE = 5000;
  /** At most this many open gaps are remembered; beyond, the oldest are given up (and logged). */
  static final int MAX_GAPS = 100_000;
  static final int INITIAL_GAP_WINDOW = 1000;
  /** Open gaps asked for per poll: the oldest first. */
  static final int GAPS_PER_POLL = 5000;

  private final RevocationStore store;
  private final InstantSource clock;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<Expiry> byExpiry = new ConcurrentSkipListSet<>();
  /** Missing sequence numbers below the cursor, with when each was first seen missing. */
  private final TreeMap<Long, Instant> gaps = new TreeMap<>();
  private long cursor;
  private boolean loaded;

  /** One held entry in expiry order; {@code session} tells which map it is in. */
  private record Expiry(long atMillis, String key, boolean session) implements Comparable<Expiry> {
    @Override
    public int compareTo(Expiry o) {
      int c = Long.compare(atMillis, o.atMillis);
      if (c != 0) {
        return c;
      }
      c = Boolean.compare(session, o.session);
      return c != 0 ? c : key.compareTo(o.key);
    }
  }

  public RevocationView(RevocationStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  private static String key(RealmName realm, String value) {
    return realm.value() + '\u0000' + value;
  }

  public boolean isTokenRevoked(RealmName realm, String jti) {
    return !tokens.isEmpty() && tokens.containsKey(key(realm, jti));
  }

  public boolean isSessionRevoked(RealmName realm, SessionId sid) {
    return !sessions.isEmpty() && sessions.containsKey(key(realm, sid.value()));
  }

  /** Records a revocation made on this node (already stored). */
  public void addToken(RealmName realm, String jti, Instant expiresAt) {
    hold(tokens, false, key(realm, jti), expiresAt);
  }

  public void addSession(RealmName realm, SessionId sid, Instant expiresAt) {
    hold(sessions, true, key(realm, sid.value()), expiresAt);
  }

  /** Holds the entry until the later of its known expiries; an expired one is not held at all. */
  private void hold(Map<String, Instant> map, boolean session, String key, Instant expiresAt) {
    if (expiresAt.isBefore(clock.instant())) {
      return;
    }
    Instant held = map.merge(key, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
    if (held == expiresAt) {
      byExpiry.add(new Expiry(expiresAt.toEpochMilli(), key, session));
    }
  }

  /** How many revocations are held (tests and metrics). */
  public int size() {
    return tokens.size() + sessions.size();
  }

  /** How many sequence numbers are being watched as gaps (tests and metrics). */
  public synchronized int openGaps() {
    return gaps.size();
  }

  /**
   * Reads new entries from the store and re-checks open gaps, then forgets expired entries;
   * returns how many entries were read. Throws what the store throws (the caller keeps calling).
   */
  public synchronized int poll() {
    Instant now = clock.instant();
    int read = 0;
    while (true) {
      List<RevocationEntry> page = store.since(cursor, PAGE);
      read += page.size();
      for (RevocationEntry e : page) {
        apply(e);
        if (e.seq() > cursor + 1) {
          long from = loaded ? cursor + 1 : Math.max(cursor + 1, e.seq() - INITIAL_GAP_WINDOW);
          remember(from, e.seq() - 1, now);
        }
        cursor = Math.max(cursor, e.seq());
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    loaded = true;
    read += recheckGaps(now);
    evictExpired();
    return read;
  }

  private void remember(long from, long to, Instant now) {
    long first = Math.max(from, to - MAX_GAPS + 1);
    for (long s = first; s <= to; s++) {
      gaps.put(s, now);
    }
    int over = gaps.size() - MAX_GAPS;
    if (over > 0) {
      LOG.warn("more than {} revocation sequence gaps are open; giving up the oldest {}", MAX_GAPS, over);
      for (int i = 0; i < over; i++) {
        gaps.pollFirstEntry();
      }
    }
  }

  /** Asks for open gaps, applies those that were filled, forgets those older than the wait. */
  private int recheckGaps(Instant now) {
    if (gaps.isEmpty()) {
      return 0;
    }
    List<Long> asked = new ArrayList<>(Math.min(gaps.size(), GAPS_PER_POLL));
    for (Long seq : gaps.keySet()) {
      if (asked.size() == GAPS_PER_POLL) {
        break;
      }
      asked.add(seq);
    }
    List<RevocationEntry> filled = store.withSeqs(asked);
    for (RevocationEntry e : filled) {
      apply(e);
      gaps.remove(e.seq());
    }
    Instant giveUp = now.minus(GAP_WAIT);
    Iterator<Instant> it = gaps.values().iterator();
    while (it.hasNext()) {
      if (it.next().isBefore(giveUp)) {
        it.remove();
      }
    }
    return filled.size();
  }

  private void apply(RevocationEntry e) {
    switch (e.kind()) {
      case ACCESS_TOKEN -> hold(tokens, false, key(e.realm(), e.value()), e.expiresAt());
      case SESSION -> hold(sessions, true, key(e.realm(), e.value()), e.expiresAt());
    }
  }

  /** Forgets entries whose tokens have all expired, in expiry order: costs only what it removes. */
  public void evictExpired() {
    long now = clock.instant().toEpochMilli();
    while (true) {
      Expiry first = byExpiry.isEmpty() ? null : byExpiry.first();
      if (first == null || first.atMillis() >= now) {
        return;
      }
      if (byExpiry.remove(first)) {
        // a later expiry of the same key has its own index entry: keep the entry for that one
        (first.session() ? sessions : tokens).computeIfPresent(first.key(),
            (k, exp) -> exp.toEpochMilli() <= first.atMillis() ? null : exp);
      }
    }
  }
}
