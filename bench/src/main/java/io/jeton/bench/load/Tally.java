package io.jeton.bench.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the responses of a phase were: a count per HTTP status, I/O errors (a connection that
 * failed or closed mid-exchange), and 200s whose {@code token_type} was not the one the mode asks
 * for. One per worker thread and phase, merged afterwards; not thread-safe.
 */
final class Tally {
  private final long[] byStatus = new long[600];
  private long otherStatus;
  private long errors;
  private long wrongTokenType;
  private String firstProblem;

  void status(int status) {
    if (status >= 0 && status < byStatus.length) {
      byStatus[status]++;
    } else {
      otherStatus++;
    }
  }

  void wrongTokenType(String seen) {
    wrongTokenType++;
    problem("token_type " + seen);
  }

  void error(Exception e) {
    errors++;
    problem(e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  /** Remembers the first problem seen, for the report (a non-200's body, an exception). */
  void problem(String what) {
    if (firstProblem == null) {
      firstProblem = what.length() > 300 ? what.substring(0, 300) + "..." : what;
    }
  }

  void addAll(Tally other) {
    for (int i = 0; i < byStatus.length; i++) {
      byStatus[i] += other.byStatus[i];
    }
    otherStatus += other.otherStatus;
    errors += other.errors;
    wrongTokenType += other.wrongTokenType;
    if (firstProblem == null) {
      firstProblem = other.firstProblem;
    }
  }

  long responses() {
    long n = otherStatus;
    for (long c : byStatus) {
      n += c;
    }
    return n;
  }

  long ok() {
    return byStatus[200];
  }

  long non200() {
    return responses() - ok();
  }

  long errors() {
    return errors;
  }

  long wrongTokenType() {
    return wrongTokenType;
  }

  /** Nothing but 200s of the right token type, and no I/O error. */
  boolean clean() {
    return non200() == 0 && errors == 0 && wrongTokenType == 0;
  }

  String firstProblem() {
    return firstProblem == null ? "" : firstProblem;
  }

  /** Status to count, for the statuses seen. */
  Map<Integer, Long> statuses() {
    Map<Integer, Long> m = new TreeMap<>();
    for (int i = 0; i < byStatus.length; i++) {
      if (byStatus[i] > 0) {
        m.put(i, byStatus[i]);
      }
    }
    if (otherStatus > 0) {
      m.put(-1, otherStatus);
    }
    return m;
  }
}
