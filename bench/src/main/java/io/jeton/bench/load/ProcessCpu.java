package io.jeton.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used, user plus system, all its threads: fields 14 and 15 ({@code
 * utime}, {@code stime}) of {@code /proc/PID/stat}, in clock ticks ({@code getconf CLK_TCK},
 * 100 on Linux almost everywhere, so a resolution of 10 ms: fine over a run of seconds).
 */
final class ProcessCpu {
  private final Path stat;
  private final long ticksPerSecond;

  ProcessCpu(long pid, long ticksPerSecond) {
    if (ticksPerSecond <= 0) {
      throw new IllegalArgumentException("clock ticks per second must be positive, got " + ticksPerSecond);
    }
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
    this.ticksPerSecond = ticksPerSecond;
  }

  /** CPU seconds used so far. */
  double seconds() {
    try {
      return (double) ticks(Files.readString(stat)) / ticksPerSecond;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stat + " (has the server exited?)", e);
    }
  }

  /**
   * utime + stime of one {@code /proc/PID/stat} line. The command name (field 2) is in
   * parentheses and may itself hold spaces and parentheses, so the fields are counted from the
   * last ')': after it come field 3 (state), ..., field 14 (utime), field 15 (stime).
   */
  static long ticks(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
    }
    String[] fields = statLine.substring(close + 1).trim().split(" +");
    if (fields.length < 13) {
      throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + statLine);
    }
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
