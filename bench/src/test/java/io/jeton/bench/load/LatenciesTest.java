package io.jeton.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles: the sample of rank ceil(p/100 x n), never an interpolated value. */
class LatenciesTest {

  private static Latencies oneTo(int n) {
    // shuffled order: of() must sort
    long[] v = LongStream.rangeClosed(1, n).map(i -> (i * 7919) % n + 1).toArray();
    return Latencies.of(v);
  }

  @Test
  void percentile_hundredSamples_isTheSampleOfThatRank() {
    Latencies l = oneTo(100);

    assertThat(l.percentileNanos(50)).isEqualTo(50);
    assertThat(l.percentileNanos(90)).isEqualTo(90);
    assertThat(l.percentileNanos(99)).isEqualTo(99);
    assertThat(l.percentileNanos(100)).isEqualTo(100);
    assertThat(l.maxNanos()).isEqualTo(100);
  }

  @Test
  void percentile_rankBetweenSamples_roundsUpToTheNextSample() {
    Latencies four = Latencies.of(new long[] {40, 10, 30, 20});

    assertThat(four.percentileNanos(50)).isEqualTo(20);   // rank 2
    assertThat(four.percentileNanos(51)).isEqualTo(30);   // rank ceil(2.04) = 3
    assertThat(four.percentileNanos(99)).isEqualTo(40);
    assertThat(four.percentileNanos(0.1)).isEqualTo(10);
  }

  @Test
  void percentile_fractionalPercentileOfAThousand_isExact() {
    Latencies l = oneTo(1000);

    assertThat(l.percentileNanos(99.9)).isEqualTo(999);   // 99.9 / 100 x 1000 is 999.0000000000001 in doubles
    assertThat(l.percentileNanos(99.99)).isEqualTo(1000);
    assertThat(l.percentileNanos(0.1)).isEqualTo(1);
  }

  @Test
  void percentile_oneSample_isThatSampleForEveryP() {
    Latencies l = Latencies.of(new long[] {7});

    assertThat(List.of(l.percentileNanos(1), l.percentileNanos(50), l.percentileNanos(100))).containsOnly(7L);
  }

  @Test
  void percentile_noSamples_isZero_andPOutsideTheRange_isRefused() {
    assertThat(Latencies.of(new long[0]).percentileNanos(99)).isZero();
    assertThat(Latencies.of(new long[0]).maxNanos()).isZero();
    assertThatThrownBy(() -> oneTo(10).percentileNanos(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> oneTo(10).percentileNanos(100.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_doesNotSortTheCallersArray_andMeanIsTheArithmeticMean() {
    long[] samples = {3, 1, 2};

    Latencies l = Latencies.of(samples);

    assertThat(samples).containsExactly(3, 1, 2);
    assertThat(l.meanNanos()).isEqualTo(2.0);
  }

  @Test
  void recorder_growsPastItsFirstArray_andMergeKeepsEverySample() {
    Latencies.Recorder a = new Latencies.Recorder();
    Latencies.Recorder b = new Latencies.Recorder();
    for (int i = 0; i < 40_000; i++) {
      a.add(i);
    }
    b.add(-1);

    long[] all = Latencies.Recorder.merge(List.of(a, b));

    assertThat(all).hasSize(40_001);
    assertThat(all[39_999]).isEqualTo(39_999);
    assertThat(all[40_000]).isEqualTo(-1);
  }
}
