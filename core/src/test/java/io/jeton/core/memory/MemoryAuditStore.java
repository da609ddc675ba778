package io.jeton.core.memory;

import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Audit events per realm; {@link #recent} orders by time, then by insertion, newest first. */
final class MemoryAuditStore implements AuditStore {
  private record Row(long id, AuditEvent event) {}

  private static final Comparator<Row> NEWEST_FIRST =
      Comparator.comparing((Row r) -> r.event().at()).thenComparingLong(Row::id).reversed();

  private final Map<String, List<Row>> events = new HashMap<>();
  private long nextId;

  @Override
  public synchronized void append(AuditEvent event) {
    events.computeIfAbsent(event.realm(), r -> new ArrayList<>()).add(new Row(++nextId, event));
  }

  @Override
  public synchronized void appendAll(List<AuditEvent> batch) {
    List.copyOf(batch).forEach(this::append); // copyOf refuses a null before anything is stored
  }

  @Override
  public synchronized List<AuditEvent> recent(String realm, int limit) {
    return events.getOrDefault(realm, List.of()).stream().sorted(NEWEST_FIRST).limit(Math.max(0, limit))
        .map(Row::event).toList();
  }

  @Override
  public synchronized int purgeBefore(String realm, Instant before, int limit) {
    List<Row> rows = events.getOrDefault(realm, new ArrayList<>());
    int[] left = {Math.max(0, limit)};
    int size = rows.size();
    rows.removeIf(r -> left[0] > 0 && r.event().at().isBefore(before) && left[0]-- > 0);
    return size - rows.size();
  }

  synchronized void dropRealm(String realm) {
    events.remove(realm);
  }

  @Override
  public synchronized List<AuditEvent> query(String realm, java.util.Optional<io.jeton.core.audit.AuditType> type,
      java.util.Optional<Instant> since, int limit) {
    return events.getOrDefault(realm, List.of()).stream()
        .filter(r -> type.map(t -> t == r.event().type()).orElse(true))
        .filter(r -> since.map(t -> !r.event().at().isBefore(t)).orElse(true))
        .sorted(NEWEST_FIRST).limit(Math.max(0, limit)).map(Row::event).toList();
  }
}
