package io.jeton.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The bounded set of verified tokens: exact bytes and realm, bounded, and no false hit under races. */
class VerifiedTokensTest {
  private static final RealmName A = RealmName.of("a");
  private static final RealmName B = RealmName.of("b");
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T00:00:00Z"));
  private final InstantSource clock = now::get;

  private long in(long seconds) {
    return now.get().getEpochSecond() + seconds;
  }

  /** How many of {@code token(from)} to {@code token(to - 1)} the set holds. */
  private static int remembered(VerifiedTokens set, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += set.contains(A, token(i)) ? 1 : 0;
    }
    return n;
  }

  private static String token(int i) {
    return "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLT" + i + "In0.c2lnbmF0dXJl" + Integer.toHexString(i * 31);
  }

  @Test
  void contains_addedToken_isTrue_butNotForAnotherRealmOrOneCharacterChanged() {
    VerifiedTokens set = new VerifiedTokens(1000, clock);
    String t = token(7);
    set.add(A, t, in(600));

    assertThat(set.contains(A, t)).isTrue();
    assertThat(set.contains(A, new String(t.toCharArray()))).as("equal bytes, another string").isTrue();
    assertThat(set.contains(B, t)).as("verified for realm a only").isFalse();
    for (int i = 0; i < t.length(); i++) {
      char[] c = t.toCharArray();
      c[i] = c[i] == 'A' ? 'B' : 'A';
      assertThat(set.contains(A, new String(c))).as("changed at " + i).isFalse();
    }
    assertThat(set.contains(A, t + "A")).isFalse();
    assertThat(set.contains(A, t.substring(0, t.length() - 1))).isFalse();
    assertThat(set.contains(A, t.replace('e', '\u00e9'))).as("non-ASCII").isFalse();
  }

  @Test
  void contains_realmNamePrefixes_doNotShareDigests() {
    VerifiedTokens set = new VerifiedTokens(1000, clock);
    set.add(RealmName.of("ab"), "c.d.e", in(600));
    assertThat(set.contains(RealmName.of("a"), "bc.d.e")).isFalse();
  }

  @Test
  void zeroCapacity_remembersNothing() {
    VerifiedTokens set = new VerifiedTokens(0, clock);
    set.add(A, token(1), in(600));
    assertThat(set.contains(A, token(1))).isFalse();
    assertThat(set.size()).isZero();
    assertThat(set.slots()).isZero();
  }

  @Test
  void add_farMoreThanCapacity_neverHoldsMoreThanCapacity_andKeepsMostOfTheLatest() {
    VerifiedTokens set = new VerifiedTokens(10_000, clock);
    for (int i = 0; i < 100_000; i++) {
      set.add(A, token(i), in(600 + i));
      assertThat(set.slots()).isLessThanOrEqualTo(10_000);
    }
    assertThat(set.slots()).isEqualTo(10_000);
    assertThat(set.size()).isLessThanOrEqualTo(10_000).isGreaterThan(9_000);
    int latest = remembered(set, 99_000, 100_000);
    assertThat(latest).as("a full window loses its earliest expiry, so recent tokens stay").isGreaterThan(900);
  }

  @Test
  void table_startsSmall_andGrowsInStepsUpToTheCapacity() {
    VerifiedTokens set = new VerifiedTokens(2_000_000, clock);
    assertThat(set.slots()).isEqualTo(VerifiedTokens.INITIAL_SLOTS);
    for (int i = 0; i < 100_000; i++) {
      set.add(A, token(i), in(600));
    }
    assertThat(set.slots()).isBetween(131_072, 262_144);
    int found = remembered(set, 0, 100_000);
    assertThat(found).as("growing keeps what was added (single writer)").isGreaterThan(99_000);
  }

  @Test
  void add_whenWindowHoldsOnlyExpiredTokens_reusesTheirSlots() {
    VerifiedTokens set = new VerifiedTokens(64, clock);
    for (int i = 0; i < 64; i++) {
      set.add(A, token(i), in(60));
    }
    now.set(now.get().plusSeconds(61));
    for (int i = 1000; i < 1064; i++) {
      set.add(A, token(i), in(60));
    }
    int fresh = remembered(set, 1000, 1064);
    assertThat(fresh).isGreaterThan(56);
    assertThat(set.size()).isLessThanOrEqualTo(64);
  }

  /**
   * Writers fill one window with digests whose halves are equal, {@code (x, x)}, overwriting each
   * other; readers ask for {@code (x, y)} with {@code x != y}, which only a read mixing two writes
   * could find. The seqlock must make every such read a miss.
   */
  @Test
  void containsDigest_racingWritersInOneWindow_neverMatchesHalvesOfTwoTokens() throws Exception {
    VerifiedTokens set = new VerifiedTokens(VerifiedTokens.WINDOW, clock);
    long[] values = new long[16];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i + 1) * 0x0101_0101_0101_0101L;
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong falseHits = new AtomicLong();
    AtomicLong hits = new AtomicLong();
    AtomicLong expiry = new AtomicLong(in(60));
    int writers = 4;
    int readers = 4;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      threads.add(Thread.ofPlatform().start(() -> {
        await(start);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (!stop.get()) {
          long x = values[r.nextInt(values.length)];
          set.addDigest(x, x, expiry.incrementAndGet());
        }
      }));
    }
    for (int k = 0; k < readers; k++) {
      threads.add(Thread.ofPlatform().start(() -> {
        await(start);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (!stop.get()) {
          long x = values[r.nextInt(values.length)];
          long y = values[r.nextInt(values.length)];
          if (set.containsDigest(x, y)) {
            if (x == y) {
              hits.incrementAndGet();
            } else {
              falseHits.incrementAndGet();
            }
          }
        }
      }));
    }
    start.countDown();
    Thread.sleep(1500);
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(falseHits.get()).isZero();
    assertThat(hits.get()).as("the readers did see the writers' digests").isPositive();
    assertThat(set.size()).isLessThanOrEqualTo(VerifiedTokens.WINDOW);
  }

  /** Many threads adding and looking up real tokens while the table grows: no false hit, bounded. */
  @Test
  void addAndContains_concurrentlyWhileGrowing_onlyAddedTokensAreFound() throws Exception {
    VerifiedTokens set = new VerifiedTokens(50_000, clock);
    int threads = 8;
    int perThread = 20_000;
    AtomicLong falseHits = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      ts.add(Thread.ofVirtual().start(() -> {
        await(start);
        for (int i = base; i < base + perThread; i++) {
          set.add(A, token(i), in(600));
          if (set.contains(A, token(i) + "x") || set.contains(B, token(i))) {
            falseHits.incrementAndGet();
          }
        }
      }));
    }
    start.countDown();
    for (Thread t : ts) {
      t.join();
    }
    assertThat(falseHits.get()).isZero();
    assertThat(set.slots()).isEqualTo(50_000);
    assertThat(set.size()).isLessThanOrEqualTo(50_000).isGreaterThan(30_000);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
