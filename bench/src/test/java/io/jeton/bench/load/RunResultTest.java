package io.jeton.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invalid-run rule: any non-200, I/O error or wrong token_type, in the window or out of it. */
class RunResultTest {

  static RunResult result(String mode, double reqPerSec, long non200, long errors, long wrongType, long warmupBad) {
    return new RunResult(mode, "https://127.0.0.1:1/t", 16, 20, 15, 15_000, reqPerSec, 1.0, 2.0, 3.0, 9.0, 1.2,
        non200, errors, wrongType, warmupBad, non200 > 0 ? "200=14999 401=1" : "200=15000", 0.25, 0.5, 16,
        "TLSv1.3 TLS_AES_128_GCM_SHA256", non200 > 0 ? "401 {\"error\":\"invalid_client\"}" : "");
  }

  @Test
  void valid_onlyWhenEveryResponseWasAGood200() {
    assertThat(result("m", 1000, 0, 0, 0, 0).valid()).isTrue();
    assertThat(result("m", 1000, 0, 0, 0, 0).invalidReason()).isEmpty();

    assertThat(result("m", 1000, 1, 0, 0, 0).valid()).isFalse();
    assertThat(result("m", 1000, 0, 1, 0, 0).valid()).isFalse();
    assertThat(result("m", 1000, 0, 0, 1, 0).valid()).isFalse();
    assertThat(result("m", 1000, 0, 0, 0, 1).valid()).as("a 401 in the warm-up").isFalse();
  }

  @Test
  void valid_nothingCompleted_isInvalid() {
    RunResult none = new RunResult("m", "u", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "", 0, 0, 1, "", "");

    assertThat(none.valid()).isFalse();
    assertThat(none.invalidReason()).isEqualTo("no response completed");
  }

  @Test
  void invalidReason_namesTheStatusesAndTheFirstProblem() {
    assertThat(result("m", 1000, 1, 0, 0, 0).invalidReason())
        .isEqualTo("1 non-200 (200=14999 401=1); first: 401 {\"error\":\"invalid_client\"}");
  }

  @Test
  void json_roundTrip_keepsEveryFieldAndAnUnknownServerCpu() throws Exception {
    RunResult r = result("tls-mtls", 1234.5, 1, 2, 3, 4);
    RunResult noPid = new RunResult("x", "u", 1, 1, 1, 5, 5, 1, 1, 1, 1, 1, 0, 0, 0, 0, "200=5", Double.NaN, 0.1, 1,
        "plain HTTP", "");

    assertThat(RunResult.fromJson(r.toJson())).isEqualTo(r);
    assertThat(noPid.toJson()).contains("\"serverCpuMsPerReq\":null");
    assertThat(RunResult.fromJson(noPid.toJson()).serverCpuMsPerReq()).isNaN();
  }

  @Test
  void statuses_inStatusOrder_otherLast() {
    assertThat(RunResult.statuses(new java.util.TreeMap<>(Map.of(401, 2L, 200, 10L, -1, 1L))))
        .isEqualTo("other=1 200=10 401=2");
    assertThat(RunResult.statuses(Map.of())).isEmpty();
  }

  @Test
  void table_ratiosAgainstTheBaseline_andInvalidRowsMarkedAndExplained() {
    String table = ResultTable.render(List.of(result("http-secret", 2000, 0, 0, 0, 0),
        result("tls-secret", 1500, 0, 0, 0, 0), result("tls-dpop", 500, 1, 0, 0, 0)), "http-secret");

    assertThat(table).contains("| http-secret | 2000.0 | 1.00× | 1.000 | 2.000 | 3.000 | 9.000 | 0.250 | 0.500 | 0 | 0 | yes |")
        .contains("| tls-secret | 1500.0 | 0.75× |")
        .contains("| tls-dpop | 500.0 | 0.25× | 1.000 | 2.000 | 3.000 | 9.000 | 0.250 | 0.500 | 1 | 0 | **no** |")
        .contains("- tls-dpop is invalid: 1 non-200");
  }

  @Test
  void table_noBaseline_saysSo() {
    assertThat(ResultTable.render(List.of(result("tls-secret", 1500, 0, 0, 0, 0)), "http-secret"))
        .contains("| tls-secret | 1500.0 | n/a |").contains("- no http-secret run in these results: no ratios");
  }
}
