package io.jeton.core.lifecycle;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets the purge job run on one node of a cluster at a time (SPEC 4): on PostgreSQL a session
 * advisory lock ({@code pg_try_advisory_lock}), which the database frees if the node dies; on an
 * embedded database, which only one process can open, a lock in this process.
 */
public interface PurgeLock {
  /** Runs {@code work} if no other node (or thread) holds the lock; empty without running it otherwise. */
  <T> Optional<T> ifFree(Supplier<T> work);

  /** A lock held only within this process: for stores that one process alone can open. */
  static PurgeLock inProcess() {
    ReentrantLock lock = new ReentrantLock();
    return new PurgeLock() {
      @Override
      public <T> Optional<T> ifFree(Supplier<T> work) {
        if (!lock.tryLock()) {
          return Optional.empty();
        }
        try {
          return Optional.of(work.get());
        } finally {
          lock.unlock();
        }
      }
    };
  }
}
