package io.jeton.core.lifecycle;

import io.jeton.core.RealmName;
import io.jeton.core.Stores;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.SessionRevoker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * The purge job (SPEC 4 and 7, "nothing grows without bound"; code review weakness 1): deletes,
 * realm by realm, in batches of at most {@link #batchSize} rows per statement (each its own short
 * transaction, found through a realm-first index, so no table is locked for long), on one node
 * at a time ({@link PurgeLock}):
 *
 * <ul>
 *   <li>refresh tokens that expired, used or not (an expired token is refused whatever its row
 *       says, so the row decides nothing; used unexpired ones stay for reuse detection);
 *   <li>sessions that ended (absolute expiry or revocation) longer ago than the longest access
 *       TTL the realm ever had plus {@link SessionRevoker#SKEW}, with their refresh tokens: by
 *       then no access token of the session can be unexpired, and its revocation entry, if any,
 *       has expired too;
 *   <li>revocation entries that expired;
 *   <li>audit events older than the retention ({@code audit.retentionDays});
 *   <li>lockout counters of usernames quiet for {@code lockout.maxLockSeconds} after their last
 *       attempt or lock ({@link io.jeton.core.lockout.LockoutState#forgetAt});
 *   <li>one-use identifiers (client assertion and DPoP proof {@code jti}s) that expired;
 *   <li>signing keys past their deletion time (retirement plus the longest access-token lifetime
 *       plus {@link KeyRing#SKEW}: the last token they signed has expired).
 * </ul>
 *
 * <p>The same round, under the same lock, rotates the keys of every realm whose newest key is
 * {@code keyRotationDays} old (SPEC 10, {@link KeyRing#rotateIfDue}); it finds them with one query
 * over the lifecycle of every stored key. The rotation is a compare-and-set as well, so that even
 * two rounds that ran at once (a lost lock) add one key, not two.
 *
 * A round stops a kind of row for a realm after {@link #MAX_BATCHES} batches and leaves the
 * rest to the next round, so one round always ends.
 *
 * <p><b>Many realms</b> (SPEC 10: 10^4 realms without slower requests). A realm costs eight
 * statements a round even when it has nothing to delete: with 10^4 realms a round was 80,000
 * statements, about 25 s of a pooled connection and of both cores here, once a minute. So a round
 * purges every realm that had something to delete in its last purge, plus at most {@link
 * #IDLE_REALMS_PER_ROUND} of the others, taken in turn (a cursor over the realms in name order):
 * with up to that many realms, every realm is purged every round as before; with 10^4 realms
 * each idle realm is visited every ten rounds. Rows of an idle realm can so wait a few rounds
 * longer; nothing reads them (an expired row is refused whatever it says) and the key rotation,
 * which needs no statement per realm, still checks every realm every round.
 */
public final class Janitor {
  static final int MAX_BATCHES = 1000;
  /** How long after its expiry an authorization code row is kept (SPEC 9: a replay revokes what it issued). */
  static final Duration CODE_KEPT = Duration.ofMinutes(10);
  /** Realms with nothing deleted at their last purge that one round visits, at most. */
  static final int IDLE_REALMS_PER_ROUND = 1000;

  private final Stores stores;
  private final PurgeLock lock;
  private final InstantSource clock;
  private final Duration auditRetention;
  private final int batchSize;
  /** Null: no key rotation (tests of the purge alone). */
  private final KeyRing keys;
  /** Realms whose last purge deleted something: purged every round. Touched under the lock only. */
  private final Set<RealmName> busy = ConcurrentHashMap.newKeySet();
  /** The idle realm after which the next round starts visiting idle ones ("" = the first). */
  private volatile String idleCursor = "";

  /** A purge job that does not rotate keys (tests of the purge alone; nodes use {@code Engine.janitor}). */
  public Janitor(Stores stores, PurgeLock lock, InstantSource clock, Duration auditRetention, int batchSize) {
    this(stores, lock, clock, auditRetention, batchSize, null);
  }

  /** A purge job that also rotates the keys of {@code keys} on their schedule. */
  public Janitor(Stores stores, PurgeLock lock, InstantSource clock, Duration auditRetention, int batchSize,
      KeyRing keys) {
    this.keys = keys;
    this.stores = Objects.requireNonNull(stores, "stores");
    this.lock = Objects.requireNonNull(lock, "lock");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (auditRetention.isNegative() || auditRetention.isZero()) {
      throw new IllegalArgumentException("auditRetention must be positive");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    this.auditRetention = auditRetention;
    this.batchSize = batchSize;
  }

  /** One round over every realm; empty when another node is purging right now. */
  public Optional<Purged> run() {
    return lock.ifFree(this::purgeAll);
  }

  private Purged purgeAll() {
    Map<RealmName, List<KeySchedule>> schedules = keys == null ? Map.of()
        : stores.keys().schedules().stream().collect(Collectors.groupingBy(KeySchedule::realm));
    List<Realm> realms = stores.realms().list();   // in name order
    Set<RealmName> visit = idleTurn(realms);
    Purged total = Purged.NOTHING;
    for (Realm realm : realms) {
      RealmName name = realm.name();
      List<KeySchedule> keySchedules = schedules.getOrDefault(name, List.of());
      Purged p;
      if (busy.contains(name) || visit.contains(name)) {
        p = purge(realm, keySchedules);
        if (p.total() > 0) {
          busy.add(name);
        } else {
          busy.remove(name);
        }
      } else {
        p = rotate(realm, keySchedules, clock.instant());
      }
      total = total.plus(p);
    }
    busy.retainAll(realms.stream().map(Realm::name).collect(Collectors.toSet()));
    return total;
  }

  /** The idle realms this round visits: the next {@link #IDLE_REALMS_PER_ROUND} after the cursor, wrapping. */
  private Set<RealmName> idleTurn(List<Realm> realms) {
    List<RealmName> idle = realms.stream().map(Realm::name).filter(n -> !busy.contains(n))
        .sorted(Comparator.comparing(RealmName::value)).toList();   // the order of the cursor, whatever the DB's collation
    if (idle.size() <= IDLE_REALMS_PER_ROUND) {
      return Set.copyOf(idle);
    }
    int start = 0;
    while (start < idle.size() && idle.get(start).value().compareTo(idleCursor) <= 0) {
      start++;
    }
    Set<RealmName> turn = new HashSet<>();
    for (int i = 0; i < IDLE_REALMS_PER_ROUND; i++) {
      turn.add(idle.get((start + i) % idle.size()));
    }
    idleCursor = idle.get((start + IDLE_REALMS_PER_ROUND - 1) % idle.size()).value();
    return turn;
  }

  private Purged rotate(Realm realm, List<KeySchedule> keySchedules, Instant now) {
    boolean rotated = keys != null && keys.rotateIfDue(realm, keySchedules, now);
    return rotated ? new Purged(0, 0, 0, 0, 0, 0, 0, 1) : Purged.NOTHING;
  }

  private Purged purge(Realm realm, List<KeySchedule> keySchedules) {
    RealmName name = realm.name();
    Instant now = clock.instant();
    Duration longest = stores.realms().longestAccessTokenTtl(name)
        .filter(t -> t.compareTo(realm.accessTokenTtl()) > 0).orElse(realm.accessTokenTtl());
    Instant sessionsEndedBefore = now.minus(longest).minus(SessionRevoker.SKEW);
    long tokens = drain(n -> stores.sessions().purgeExpiredRefreshTokens(name, now, n));
    long sessions = drain(n -> stores.sessions().purgeEnded(name, sessionsEndedBefore, n));
    long revocations = drain(n -> stores.revocations().purgeExpired(name, now, n));
    long audit = drain(n -> stores.audit().purgeBefore(name.value(), now.minus(auditRetention), n));
    long lockouts = drain(n -> stores.lockouts().purgeForgotten(name, now, n));
    long replays = drain(n -> stores.replays().purgeExpired(name, now, n));
    long signingKeys = drain(n -> stores.keys().purgeExpired(name, now, n));
    if (stores.browser() != io.jeton.core.browser.BrowserStores.NONE) {
      // used or not, a code is kept a while past its expiry so that a late replay still revokes what it issued
      drain(n -> stores.browser().purgeCodes(name, now.minus(CODE_KEPT), n));
      drain(n -> stores.browser().purgeSessions(name, now, n));
    }
    long rotated = keys != null && keys.rotateIfDue(realm, keySchedules, now) ? 1 : 0;
    return new Purged(sessions, tokens, revocations, audit, lockouts, replays, signingKeys, rotated);
  }

  /** Runs batches of {@link #batchSize} until one deletes fewer, or {@link #MAX_BATCHES} ran. */
  private long drain(IntUnaryOperator batch) {
    long deleted = 0;
    for (int i = 0; i < MAX_BATCHES; i++) {
      int n = batch.applyAsInt(batchSize);
      deleted += n;
      if (n < batchSize) {
        break;
      }
    }
    return deleted;
  }
}
