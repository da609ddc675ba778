package io.jeton.core.token;

import io.jeton.core.RealmName;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compact access tokens whose signature this node has checked (or made) for a realm, so that
 * a token is verified at most once per node: a bounded set of 128-bit digests, 24 bytes per token
 * and no object per token.
 *
 * <p>What is remembered: the first 128 bits of SHA-256 over a random per-node salt, the realm's
 * name (length-prefixed) and the whole token, UTF-8. A token whose header, payload or signature
 * differs in one bit has another digest, so it is not found and is verified in full; finding one
 * that shares the digest of a remembered token is a second preimage of 128-bit SHA-256, salted with
 * a value that never leaves the process.
 *
 * <p>Layout: one {@code long[]} of slots, three longs each: a stamp (the token's expiry in epoch
 * seconds in the high 32 bits, a version in the low 32; expiry 0 is an empty slot) and the two
 * digest halves. A digest lives within {@link #WINDOW} slots of its home slot (linear probing).
 * Adding to a window overwrites a slot that is empty or expired, or else, when the table does not
 * grow (it is at its capacity, or less than half used), the live token that expires first: that is
 * the eviction rule, and the set never holds more tokens than its slots.
 *
 * <p>Concurrency: each slot is a seqlock. A writer claims a slot by a CAS of its stamp to an odd
 * version, writes the two halves, and publishes the even version with the new expiry; a reader
 * takes the stamp, reads both halves, and accepts them only if the stamp is unchanged and even.
 * So a reader never matches halves of two different tokens, and two writers never interleave in
 * one slot: a torn read is a miss, which costs one more verification, never a false hit.
 *
 * <p>Size: the table starts at {@link #INITIAL_SLOTS} and doubles when three quarters of its slots
 * have been used (or a window is full while half are), up to {@code capacity}, so an idle node
 * pays about 100 KB, not the whole cap. Growing copies the unexpired entries into the new table; a
 * token added to the old one during the copy may be lost, which again costs only a verification.
 */
public final class VerifiedTokens {
  /** Slots probed per digest. */
  static final int WINDOW = 16;
  static final int INITIAL_SLOTS = 4096;
  /** Bytes per remembered token: three longs. */
  public static final int BYTES_PER_TOKEN = 3 * Long.BYTES;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final long VERSION = 0xFFFF_FFFFL;

  private final int capacity;
  private final InstantSource clock;
  private final MessageDigest prototype;
  private volatile Table table;

  /** One generation of slots; {@code used} counts slots that were ever filled. */
  private static final class Table {
    final long[] slots;
    final int size;
    final AtomicInteger used = new AtomicInteger();

    Table(int size) {
      this.size = size;
      this.slots = new long[size * 3];
    }
  }

  /** A set of at most {@code capacity} tokens; 0 remembers nothing. */
  public VerifiedTokens(int capacity, InstantSource clock) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
    }
    this.capacity = capacity;
    this.clock = clock;
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    try {
      this.prototype = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    prototype.update(salt);
    this.table = capacity == 0 ? null : new Table(Math.min(INITIAL_SLOTS, capacity));
  }

  /** The digest of {@code token} for {@code realm}: two longs. */
  long[] digest(RealmName realm, String token) {
    MessageDigest md;
    try {
      md = (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests must be cloneable", e);
    }
    byte[] r = realm.value().getBytes(StandardCharsets.UTF_8);
    md.update(new byte[] {(byte) (r.length >>> 24), (byte) (r.length >>> 16), (byte) (r.length >>> 8),
        (byte) r.length});
    md.update(r);
    byte[] d = md.digest(token.getBytes(StandardCharsets.UTF_8));
    return new long[] {longAt(d, 0), longAt(d, 8)};
  }

  private static long longAt(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  /** Whether this node checked (or made) the signature of exactly this token for {@code realm}. */
  public boolean contains(RealmName realm, String token) {
    Table t = table;
    if (t == null) {
      return false;
    }
    long[] d = digest(realm, token);
    return find(t, d[0], d[1]) >= 0;
  }

  /**
   * Remembers that {@code token}'s signature is the realm's, until {@code expiresAtSecond} (epoch
   * seconds); see the class comment for what a full window loses.
   */
  public void add(RealmName realm, String token, long expiresAtSecond) {
    Table t = table;
    if (t == null) {
      return;
    }
    long[] d = digest(realm, token);
    addDigest(d[0], d[1], expiresAtSecond);
  }

  /** Whether this digest is remembered (tests: digests chosen to collide). */
  boolean containsDigest(long d0, long d1) {
    Table t = table;
    return t != null && find(t, d0, d1) >= 0;
  }

  /**
   * Remembers a digest (tests: digests chosen to collide). While the table may still grow and is
   * at least half used, a full window makes it grow rather than lose a live token.
   */
  void addDigest(long d0, long d1, long expiresAtSecond) {
    Table t = table;
    if (t == null) {
      return;
    }
    long exp = Math.clamp(expiresAtSecond, 1, VERSION);
    long now = clock.instant().getEpochSecond();
    boolean growable = t.size < capacity;
    int r = put(t, d0, d1, exp, now, !growable || t.used.get() <= t.size / 2);
    if (r == FULL) {
      grow(t);
      put(table, d0, d1, exp, now, true);
    } else if (r == NEW && growable && t.used.get() > t.size / 4 * 3) {
      grow(t);
    }
  }

  /** The slot holding this digest, or -1; a slot being written counts as absent. */
  private static int find(Table t, long d0, long d1) {
    long[] s = t.slots;
    int i = home(d0, t.size);
    for (int k = 0; k < WINDOW; k++, i = i + 1 == t.size ? 0 : i + 1) {
      int at = i * 3;
      long stamp = (long) SLOTS.getAcquire(s, at);
      if ((stamp & 1) != 0 || stamp >>> 32 == 0) {
        continue;
      }
      long a = (long) SLOTS.getOpaque(s, at + 1);
      long b = (long) SLOTS.getOpaque(s, at + 2);
      VarHandle.acquireFence(); // both halves are read before the stamp is read again
      if (a == d0 && b == d1 && (long) SLOTS.getVolatile(s, at) == stamp) {
        return i;
      }
    }
    return -1;
  }

  /** {@link #put} took a slot never used before. */
  private static final int NEW = 1;
  /** {@link #put} found only live tokens in the window and was told not to evict one. */
  private static final int FULL = 2;

  /**
   * Adds the digest unless present, in an empty or expired slot of its window, else (with {@code
   * evict}) over the live token that expires first. Returns {@link #NEW}, {@link #FULL} or 0
   * (present, added over an old token, or lost to a racing writer).
   */
  private static int put(Table t, long d0, long d1, long exp, long now, boolean evict) {
    if (find(t, d0, d1) >= 0) {
      return 0;
    }
    long[] s = t.slots;
    int victim = -1;
    long victimStamp = 0;
    boolean free = false;
    int i = home(d0, t.size);
    for (int k = 0; k < WINDOW; k++, i = i + 1 == t.size ? 0 : i + 1) {
      long stamp = (long) SLOTS.getAcquire(s, i * 3);
      if ((stamp & 1) != 0) {
        continue; // another writer's
      }
      if (stamp >>> 32 <= now) { // empty or expired: take it
        victim = i;
        victimStamp = stamp;
        free = true;
        break;
      }
      if (victim < 0 || stamp >>> 32 < victimStamp >>> 32) {
        victim = i;
        victimStamp = stamp;
      }
    }
    if (victim < 0) {
      return 0;
    }
    if (!free && !evict) {
      return FULL;
    }
    int at = victim * 3;
    long version = victimStamp & VERSION;
    if (!SLOTS.compareAndSet(s, at, victimStamp, (victimStamp & ~VERSION) | ((version + 1) & VERSION))) {
      return 0; // lost to another writer: this token is simply not remembered
    }
    SLOTS.setOpaque(s, at + 1, d0);
    SLOTS.setOpaque(s, at + 2, d1);
    SLOTS.setRelease(s, at, (exp << 32) | ((version + 2) & VERSION));
    if (victimStamp >>> 32 == 0) {
      t.used.incrementAndGet();
      return NEW;
    }
    return 0;
  }

  /** Replaces {@code t} by a table twice its size (at most the capacity) with its unexpired entries. */
  private synchronized void grow(Table t) {
    if (table != t) {
      return;
    }
    Table bigger = new Table((int) Math.min((long) t.size * 2, capacity));
    long now = clock.instant().getEpochSecond();
    long[] s = t.slots;
    for (int i = 0; i < t.size; i++) {
      int at = i * 3;
      long stamp = (long) SLOTS.getAcquire(s, at);
      long a = (long) SLOTS.getOpaque(s, at + 1);
      long b = (long) SLOTS.getOpaque(s, at + 2);
      VarHandle.acquireFence();
      if ((stamp & 1) == 0 && stamp >>> 32 > now && (long) SLOTS.getVolatile(s, at) == stamp) {
        put(bigger, a, b, stamp >>> 32, now, true);
      }
    }
    table = bigger;
  }

  /** Maps the digest's high 32 bits onto {@code [0, size)} (multiply-shift, any size). */
  private static int home(long d0, int size) {
    return (int) (((d0 >>> 32) * size) >>> 32);
  }

  /** How many slots the table has now (at most the capacity). */
  public int slots() {
    Table t = table;
    return t == null ? 0 : t.size;
  }

  /** How many tokens are remembered, expired ones included until overwritten (a scan; tests, metrics). */
  public int size() {
    Table t = table;
    if (t == null) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < t.size; i++) {
      if (((long) SLOTS.getAcquire(t.slots, i * 3)) >>> 32 != 0) {
        n++;
      }
    }
    return n;
  }

  public int capacity() {
    return capacity;
  }
}
