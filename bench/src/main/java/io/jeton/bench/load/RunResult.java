package io.jeton.bench.load;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The summary of one mode's measured run, one JSON line in the results file that {@code table}
 * reads back.
 *
 * @param completed responses completed inside the measured window (any status)
 * @param non200 responses inside the window whose status was not 200
 * @param errors I/O errors inside the window (a connection failed or closed mid-exchange)
 * @param wrongTokenType 200s inside the window whose {@code token_type} was not the mode's
 * @param warmupBad the same three, summed, outside the window: the mode's global warm-up, its
 *     warm-up, and the requests that completed after the window closed
 * @param serverCpuMsPerReq the server's CPU (utime + stime) over the window per completed request;
 *     NaN when no server pid was given
 * @param driverCpuMsPerReq the same for the driver's own process: HTTP, TLS and, for {@code
 *     tls-pkjwt} and {@code tls-dpop}, the client's signatures
 * @param connectionsOpened connections (TLS handshakes) opened by the measured run, its warm-up
 *     included; equal to {@code connections} when keep-alive held throughout
 */
record RunResult(String mode, String url, int connections, double warmupSeconds, double durationSeconds,
    long completed, double reqPerSec, double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs,
    long non200, long errors, long wrongTokenType, long warmupBad, String statuses, double serverCpuMsPerReq,
    double driverCpuMsPerReq, int connectionsOpened, String session, String firstProblem) {

  /**
   * A run counts only if every response, in the window and out of it, was a 200 of the right
   * token type, with no I/O error, and something completed at all.
   */
  boolean valid() {
    return completed > 0 && non200 == 0 && errors == 0 && wrongTokenType == 0 && warmupBad == 0;
  }

  /** Why the run is invalid; empty when it is valid. */
  String invalidReason() {
    List<String> why = new ArrayList<>();
    if (completed == 0) {
      why.add("no response completed");
    }
    if (non200 > 0) {
      why.add(non200 + " non-200 (" + statuses + ")");
    }
    if (errors > 0) {
      why.add(errors + " I/O errors");
    }
    if (wrongTokenType > 0) {
      why.add(wrongTokenType + " with the wrong token_type");
    }
    if (warmupBad > 0) {
      why.add(warmupBad + " bad responses or errors in the warm-up");
    }
    if (!why.isEmpty() && !firstProblem.isEmpty()) {
      why.add("first: " + firstProblem);
    }
    return String.join("; ", why);
  }

  static String statuses(Map<Integer, Long> counts) {
    return counts.entrySet().stream().map(e -> (e.getKey() < 0 ? "other" : e.getKey()) + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode);
    m.put("url", url);
    m.put("connections", connections);
    m.put("warmupSeconds", warmupSeconds);
    m.put("durationSeconds", durationSeconds);
    m.put("completed", completed);
    m.put("reqPerSec", reqPerSec);
    m.put("p50Ms", p50Ms);
    m.put("p90Ms", p90Ms);
    m.put("p99Ms", p99Ms);
    m.put("maxMs", maxMs);
    m.put("meanMs", meanMs);
    m.put("non200", non200);
    m.put("errors", errors);
    m.put("wrongTokenType", wrongTokenType);
    m.put("warmupBad", warmupBad);
    m.put("statuses", statuses);
    m.put("serverCpuMsPerReq", Double.isNaN(serverCpuMsPerReq) ? null : serverCpuMsPerReq);
    m.put("driverCpuMsPerReq", driverCpuMsPerReq);
    m.put("connectionsOpened", connectionsOpened);
    m.put("session", session);
    m.put("firstProblem", firstProblem);
    m.put("valid", valid());
    return JSONObjectUtils.toJSONString(m);
  }

  static RunResult fromJson(String line) throws ParseException {
    Map<String, Object> m = JSONObjectUtils.parse(line);
    return new RunResult(str(m, "mode"), str(m, "url"), (int) num(m, "connections"), num(m, "warmupSeconds"),
        num(m, "durationSeconds"), (long) num(m, "completed"), num(m, "reqPerSec"), num(m, "p50Ms"),
        num(m, "p90Ms"), num(m, "p99Ms"), num(m, "maxMs"), num(m, "meanMs"), (long) num(m, "non200"),
        (long) num(m, "errors"), (long) num(m, "wrongTokenType"), (long) num(m, "warmupBad"), str(m, "statuses"),
        num(m, "serverCpuMsPerReq"), num(m, "driverCpuMsPerReq"), (int) num(m, "connectionsOpened"),
        str(m, "session"), str(m, "firstProblem"));
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? "" : v.toString();
  }

  /** A number, or NaN for null or absent. */
  private static double num(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
