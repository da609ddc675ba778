package io.jeton.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void ticks_commWithSpacesAndParentheses_areUtimePlusStime() {
    // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1500 250 3 4 20 0 45 0 999 0\n";

    assertThat(ProcessCpu.ticks(line)).isEqualTo(1750);
  }

  @Test
  void ticks_truncatedLine_isRefused() {
    assertThatThrownBy(() -> ProcessCpu.ticks("12 (x) S 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessCpu.ticks("no parenthesis")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seconds_ofThisProcess_isPositiveAndDoesNotGoBack() {
    ProcessCpu self = new ProcessCpu(ProcessHandle.current().pid(), 100);

    double first = self.seconds();
    long spin = 0;
    for (int i = 0; i < 20_000_000; i++) {
      spin += i ^ spin;
    }

    assertThat(first).isPositive();
    assertThat(self.seconds()).as("spin %d", spin).isGreaterThanOrEqualTo(first);
  }
}
