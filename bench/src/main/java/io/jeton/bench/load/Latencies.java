package io.jeton.bench.load;

import java.util.Arrays;

/**
 * The latencies of one measured run, every sample kept (a run of 15 s at 20 000 req/s is 300 000
 * longs), sorted once; percentiles by the nearest-rank method: the p-th percentile of n samples
 * is the smallest sample with at least p % of the samples at or below it, the sample of rank
 * ceil(p/100 x n). No interpolation, so every reported value is a latency that was observed.
 */
final class Latencies {
  private final long[] sortedNanos;

  private Latencies(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  /** Sorts a copy of {@code nanos}. */
  static Latencies of(long[] nanos) {
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return new Latencies(copy);
  }

  int count() {
    return sortedNanos.length;
  }

  /**
   * The nearest-rank percentile, {@code p} in (0, 100]; 0 for no samples. The rank is computed
   * in integers (p in millionths), so that 99.9 % of 1000 samples is the 999th, not the 1000th
   * (99.9 / 100 x 1000 is 999.0000000000001 in doubles, and its ceiling 1000).
   */
  long percentileNanos(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
    }
    int n = sortedNanos.length;
    if (n == 0) {
      return 0;
    }
    long millionths = Math.round(p * 10_000);
    long rank = (millionths * n + 999_999) / 1_000_000;
    return sortedNanos[(int) Math.max(1, Math.min(n, rank)) - 1];
  }

  long maxNanos() {
    return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1];
  }

  double meanNanos() {
    if (sortedNanos.length == 0) {
      return 0;
    }
    double sum = 0;
    for (long v : sortedNanos) {
      sum += v;
    }
    return sum / sortedNanos.length;
  }

  /** A growable array of samples for one worker thread (no boxing on the hot path). */
  static final class Recorder {
    private long[] values = new long[1 << 14];
    private int size;

    void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    int size() {
      return size;
    }

    /** All samples of {@code recorders}, in one array. */
    static long[] merge(Iterable<Recorder> recorders) {
      int total = 0;
      for (Recorder r : recorders) {
        total += r.size;
      }
      long[] all = new long[total];
      int at = 0;
      for (Recorder r : recorders) {
        System.arraycopy(r.values, 0, all, at, r.size);
        at += r.size;
      }
      return all;
    }
  }
}
