package io.jeton.core.change;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-through cache of directory entries (realms, clients, users) that keeps serving the last
 * value it read when the store fails (SPEC 10 "Faults": introspection and JWKS from memory while
 * PostgreSQL is away), and is never staler than {@code ttl} while the store answers.
 *
 * <p>An entry read more than {@code ttl / 2} ago is reloaded in the background on its next use
 * (Caffeine's {@code refreshAfterWrite}: the caller gets the current value at once), and one read
 * {@code ttl} ago is reloaded before it is returned, so a change reaches this node within {@code
 * ttl} without notices. {@link #refresh} (a change notice) reloads at once in the background and
 * keeps the old value until the new one is read. A load that fails returns the last value read for
 * that key, if any, from a second map without expiry, and keeps it for another {@code ttl} (one
 * attempt per key per {@code ttl} while the store is away); a key never read still needs the store.
 * Reloads run on virtual threads, not the common pool: a store that hangs must not starve it.
 */
public final class DirectoryCache<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryCache.class);
  private static final Executor RELOADS = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("jeton-directory-reload-", 0).factory());

  private final String what;
  private final Function<K, V> store;
  private final Cache<K, V> lastKnown;
  private final LoadingCache<K, V> cache;
  private volatile boolean failing;

  /**
   * @param what what the entries are, for the log ({@code "realm"})
   * @param store reads one entry from the store; throws when the store fails
   */
  public DirectoryCache(String what, Function<K, V> store, Duration ttl, long maximumSize) {
    this.what = what;
    this.store = store;
    this.lastKnown = Caffeine.newBuilder().maximumSize(maximumSize).build();
    Duration refresh = ttl.dividedBy(2);
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(RELOADS)
        .refreshAfterWrite(refresh.isZero() ? Duration.ofNanos(1) : refresh).expireAfterWrite(ttl)
        .build(this::load);
  }

  private V load(K key) {
    V value;
    try {
      value = store.apply(key);
    } catch (RuntimeException e) {
      V last = lastKnown.getIfPresent(key);
      if (last == null) {
        throw e;
      }
      if (!failing) {
        failing = true;
        LOG.warn("cannot read a {} from the store, serving the last value read until it answers: {}", what,
            e.toString());
      }
      return last;
    }
    if (failing) {
      failing = false;
      LOG.info("the store answers again: {} entries are read from it", what);
    }
    lastKnown.put(key, value);
    return value;
  }

  public V get(K key) {
    return cache.get(key);
  }

  /** Reloads the entry in the background if it is cached; the old value serves until then. */
  public void refresh(K key) {
    if (cache.getIfPresent(key) != null) {
      cache.refresh(key);
    }
  }

  /**
   * Forgets every cached entry, so that the next use of each reads the store (after notices may
   * have been lost, or an import); the last values stay, for loads that fail. Not a reload of
   * every entry: that would be one query per cached entry at once.
   */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  public void invalidate(K key) {
    cache.invalidate(key);
  }
}
