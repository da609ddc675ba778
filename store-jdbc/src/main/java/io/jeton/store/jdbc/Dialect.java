package io.jeton.store.jdbc;

import java.util.Locale;

/**
 * The few statements that differ between H2 and PostgreSQL: atomic upserts and "insert unless
 * present". Everything else is one portable SQL text.
 */
enum Dialect {
  H2,
  POSTGRESQL;

  static Dialect of(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported JDBC URL '" + jdbcUrl + "': use jdbc:h2: or jdbc:postgresql:");
  }

  /**
   * An atomic insert-or-replace of one row keyed by {@code key}: H2's {@code MERGE ... KEY}, PostgreSQL's
   * {@code INSERT ... ON CONFLICT DO UPDATE}. Parameters are the columns in order.
   */
  String upsert(String table, String[] key, String[] columns) {
    String cols = String.join(", ", columns);
    String marks = String.join(", ", java.util.Collections.nCopies(columns.length, "?"));
    return switch (this) {
      case H2 -> "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", key) + ") VALUES (" + marks + ")";
      case POSTGRESQL -> {
        StringBuilder set = new StringBuilder();
        for (String c : columns) {
          if (!java.util.Arrays.asList(key).contains(c)) {
            set.append(set.isEmpty() ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
          }
        }
        yield "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT ("
            + String.join(", ", key) + ") DO UPDATE SET " + set;
      }
    };
  }

  /**
   * An insert that leaves an existing row with the same unique key alone. Parameters are the values of
   * {@code columns}, then the values of {@code conflictKey} again. The {@code NOT EXISTS} guard keeps the
   * common duplicate from drawing an identity value (PostgreSQL's {@code ON CONFLICT} alone draws one, and
   * every gap in {@code revocation.seq} stalls the pollers' cursor for a while). Two racing inserts can
   * both pass the guard: PostgreSQL then does nothing for the second, while on H2 the caller ignores the
   * duplicate-key error ({@link Database#insertIfAbsent}); H2 rolls back only the failed statement.
   */
  String insertIfAbsent(String table, String[] conflictKey, String[] columns) {
    StringBuilder where = new StringBuilder();
    for (String k : conflictKey) {
      where.append(where.isEmpty() ? "" : " AND ").append(k).append(" = ?");
    }
    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT "
        + String.join(", ", java.util.Collections.nCopies(columns.length, "?")) + " WHERE NOT EXISTS (SELECT 1 FROM "
        + table + " WHERE " + where + ")";
    return switch (this) {
      case H2 -> insert;
      case POSTGRESQL -> insert + " ON CONFLICT (" + String.join(", ", conflictKey) + ") DO NOTHING";
    };
  }
}
