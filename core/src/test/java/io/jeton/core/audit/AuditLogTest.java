package io.jeton.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  /** A store that takes its time, like a database under load. */
  static final class SlowStore implements AuditStore {
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

  @Test
  void recordNow_isStoredBeforeItReturns() {
    SlowStore store = new SlowStore();
    try (AuditLog log = new AuditLog(store)) {
      log.recordNow(event("now"));
      assertThat(store.written).extracting(AuditEvent::correlationId).containsExactly("now");
    }
  }
}
