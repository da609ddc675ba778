package io.jeton.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The markdown table of a results file: one row per mode, in the file's order, throughput against a baseline mode. */
final class ResultTable {
  private ResultTable() {}

  static String render(List<RunResult> results, String baselineMode) {
    Optional<RunResult> baseline = results.stream().filter(r -> r.mode().equals(baselineMode)).findFirst();
    StringBuilder out = new StringBuilder();
    out.append("| mode | req/s | vs ").append(baselineMode).append(" | p50 ms | p90 ms | p99 ms | max ms "
        + "| server CPU ms/req | driver CPU ms/req | non-200 | I/O errors | valid |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    List<String> notes = new ArrayList<>();
    for (RunResult r : results) {
      out.append("| ").append(r.mode())
          .append(" | ").append(fmt("%.1f", r.reqPerSec()))
          .append(" | ").append(ratio(r, baseline))
          .append(" | ").append(fmt("%.3f", r.p50Ms()))
          .append(" | ").append(fmt("%.3f", r.p90Ms()))
          .append(" | ").append(fmt("%.3f", r.p99Ms()))
          .append(" | ").append(fmt("%.3f", r.maxMs()))
          .append(" | ").append(Double.isNaN(r.serverCpuMsPerReq()) ? "n/a" : fmt("%.3f", r.serverCpuMsPerReq()))
          .append(" | ").append(fmt("%.3f", r.driverCpuMsPerReq()))
          .append(" | ").append(r.non200())
          .append(" | ").append(r.errors())
          .append(" | ").append(r.valid() ? "yes" : "**no**")
          .append(" |\n");
      if (!r.valid()) {
        notes.add(r.mode() + " is invalid: " + r.invalidReason());
      }
      if (r.connectionsOpened() != r.connections()) {
        notes.add(r.mode() + ": " + r.connectionsOpened() + " connections opened for " + r.connections()
            + " (reconnects: keep-alive did not hold throughout)");
      }
    }
    if (baseline.isEmpty()) {
      notes.add("no " + baselineMode + " run in these results: no ratios");
    } else if (!baseline.get().valid()) {
      notes.add("the baseline " + baselineMode + " is invalid: its ratios mean nothing");
    }
    for (String n : notes) {
      out.append("\n- ").append(n);
    }
    if (!notes.isEmpty()) {
      out.append('\n');
    }
    return out.toString();
  }

  private static String ratio(RunResult r, Optional<RunResult> baseline) {
    if (baseline.isEmpty() || !(baseline.get().reqPerSec() > 0)) {
      return "n/a";
    }
    return fmt("%.2f", r.reqPerSec() / baseline.get().reqPerSec()) + "×";
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
