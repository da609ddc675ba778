package io.jeton.bench;

import org.junit.jupiter.api.Test;

/**
 * bench/charts.sh, which draws the PNGs of bench/scale.sh, on made-up data files
 * (bench/charts-test.sh): each of sessions, realms, concurrency and tokens gives its chart, and the
 * line through the means is the mean over rounds per size, per store.
 */
class ChartsScriptTest {
  @Test
  void chartsScript_madeUpDataFiles_drawEveryChartThroughTheMeans() throws Exception {
    ScriptTests.runPrintsOk("charts-test.sh", 120, "bash", "awk", "gnuplot");
  }
}
