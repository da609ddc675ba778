package io.jeton.server.admin;

import io.jeton.core.keys.KeySchedule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of the admin API's answers, written out field by field so that the wire format
 * is what the OpenAPI document says and never a by-product of a core record (no secret or hash
 * can slip into a view that does not name it). Times are ISO-8601 instants; absent values are null.
 */
final class Views {
  private Views() {}

  static Map<String, Object> key(KeySchedule k, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kid", k.kid());
    m.put("algorithm", k.algorithm().name());
    m.put("state", k.state(now).name().toLowerCase(Locale.ROOT));
    m.put("createdAt", time(k.createdAt()));
    m.put("activatesAt", time(k.activatesAt()));
    m.put("retiredAt", time(k.retiredAt()));
    m.put("deleteAfter", time(k.deleteAfter()));
    return m;
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
