package io.jeton.bench;

import org.junit.jupiter.api.Test;

/**
 * bench/table.sh, which draws the one table of bench/run.sh, on made-up result dirs
 * (bench/table-test.sh): each Jeton run is compared to the best peer with a valid run of the
 * path, a scenario a peer lacks is n/a, and one Keycloak as the only peer still reads "/ Keycloak".
 */
class TableScriptTest {
  @Test
  void tableScript_madeUpResultDirs_ratioIsToTheBestValidPeer() throws Exception {
    ScriptTests.runPrintsOk("table-test.sh", 60, "bash", "jq");
  }
}
