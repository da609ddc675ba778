package io.jeton.dialect.wire;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request's headers, looked up by name case-insensitively (RFC 9110 section 5.1). The server
 * adapts its own header object to this; tests build one from a map.
 */
public interface WireHeaders {
  /** The first value of the header, if present. */
  Optional<String> first(String name);

  /** How many times the header appears (a field line with a list counts once per line). */
  int count(String name);

  WireHeaders EMPTY = of(Map.of());

  /** Headers from a map of names to values; names are compared without regard to case. */
  static WireHeaders of(Map<String, List<String>> values) {
    TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    values.forEach((k, v) -> byName.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return new WireHeaders() {
      @Override
      public Optional<String> first(String name) {
        List<String> v = byName.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
      }

      @Override
      public int count(String name) {
        List<String> v = byName.get(name);
        return v == null ? 0 : v.size();
      }
    };
  }

  /** One value per header: {@code single("Content-Type", "application/json", ...)}. */
  static WireHeaders single(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return of(m);
  }
}
