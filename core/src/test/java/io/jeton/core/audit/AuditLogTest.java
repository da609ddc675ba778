package io.jeton.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  /** A store that takes its time, like a database under load. */
  static class SlowStore implements AuditStore {
    final List<AuditEvent> written = new CopyOnWriteArrayList<>();

    @Override
    public void append(AuditEvent event) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.add(event);
    }

    @Override
    public List<AuditEvent> recent(String realm, int limit) {
      return written;
    }

    @Override
    public List<AuditEvent> query(String realm, java.util.Optional<io.jeton.core.audit.AuditType> type,
        java.util.Optional<Instant> since, int limit) {
      return written;
    }

    @Override
    public int purgeBefore(String realm, Instant before, int limit) {
      int n = 0;
      for (AuditEvent e : written) {
        if (n < limit && e.realm().equals(realm) && e.at().isBefore(before) && written.remove(e)) {
          n++;
        }
      }
      return n;
    }
  }

  private static AuditEvent event(String cid) {
    return new AuditEvent("r", Instant.now(), AuditType.LOGIN_OK, "app", "u", "s", cid, "");
  }

  @Test
  void flush_waitsForEventsTheWriterIsStillWriting() {
    SlowStore store = new SlowStore();
    try (AuditLog log = new AuditLog(store)) {
      for (int i = 0; i < 5; i++) {
        log.record(event("c" + i));
      }
      log.flush();
      assertThat(store.written).extracting(AuditEvent::correlationId).containsExactly("c0", "c1", "c2", "c3", "c4");
    }
  }

  /**
   * A steady stream (an event a millisecond, like a node refreshing 1,000 tokens a second) shares
   * transactions: at most one batch every {@link AuditLog#BATCH_GAP_NANOS}, so about 10 for 100
   * events, where writing each as it comes made one transaction per event.
   */
  @Test
  void record_aSteadyStream_isWrittenInBatchesNotOneTransactionPerEvent() throws Exception {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    AuditStore counting = new SlowStore() {
      @Override
      public void appendAll(List<AuditEvent> events) {
        batches.add(events.size());
        written.addAll(events);
      }
    };
    try (AuditLog log = new AuditLog(counting)) {
      for (int i = 0; i < 100; i++) {
        log.record(event("c" + i));
        Thread.sleep(1);
      }
      log.flush();
    }
    assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    assertThat(batches).as("batch sizes").hasSizeLessThan(40);
  }

  /** Review H5: an Error from the store (an OOM) ended the writer thread for good. */
  @Test
  void writer_storeThrowsAnError_keepsWritingAndCountsTheLostBatch() {
    SlowStore store = new SlowStore() {
      private boolean failed;

      @Override
      public void appendAll(List<AuditEvent> events) {
        if (!failed) {
          failed = true;
          throw new OutOfMemoryError("test: the store ran out of memory");
        }
        super.appendAll(events);
      }
    };
    try (AuditLog log = new AuditLog(store)) {
      log.record(event("lost"));
      log.flush();
      assertThat(log.dropped()).isEqualTo(1);

      log.record(event("after"));
      log.flush();

      assertThat(store.written).extracting(AuditEvent::correlationId).containsExactly("after");
      assertThat(log.dropped()).isEqualTo(1);
    }
  }

  @Test
  void record_queueFull_countsEveryDroppedEvent() throws InterruptedException {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SlowStore store = new SlowStore() {
      @Override
      public void appendAll(List<AuditEvent> events) {
        writing.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        written.addAll(events);
      }
    };
    try (AuditLog log = new AuditLog(store, 2)) {
      log.record(event("being written"));
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
      log.record(event("queued-1"));
      log.record(event("queued-2"));
      for (int i = 0; i < 5; i++) {
        log.record(event("dropped-" + i));
      }
      assertThat(log.dropped()).isEqualTo(5);
      assertThat(log.recorded(AuditType.LOGIN_OK)).as("counted for /metrics, stored or not").isEqualTo(8);

      release.countDown();
      log.flush();
      assertThat(store.written).extracting(AuditEvent::correlationId)
          .containsExactly("being written", "queued-1", "queued-2");
    }
  }

  @Test
  void recorded_countsEachTypeQueuedOrWrittenNow() {
    try (AuditLog log = new AuditLog(new SlowStore())) {
      log.record(new AuditEvent("r", Instant.now(), AuditType.REFRESH, "app", "u", "s", "c", ""));
      log.record(new AuditEvent("r", Instant.now(), AuditType.REFRESH, "app", "u", "s", "c", ""));
      log.recordNow(new AuditEvent("r", Instant.now(), AuditType.REFRESH_REUSE_DETECTED, "app", "u", "s", "c", ""));
      assertThat(log.recorded(AuditType.REFRESH)).isEqualTo(2);
      assertThat(log.recorded(AuditType.REFRESH_REUSE_DETECTED)).isEqualTo(1);
      assertThat(log.recorded(AuditType.LOCKOUT)).isZero();
    }
  }

  @Test
  void recordNow_isStoredBeforeItReturns() {
    SlowStore store = new SlowStore();
    try (AuditLog log = new AuditLog(store)) {
      log.recordNow(event("now"));
      assertThat(store.written).extracting(AuditEvent::correlationId).containsExactly("now");
    }
  }
}
