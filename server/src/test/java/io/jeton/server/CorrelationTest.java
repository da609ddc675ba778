package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.dialect.wire.WireHeaders;
import org.junit.jupiter.api.Test;

class CorrelationTest {
  @Test
  void of_correlationHeader_winsOverOthers() {
    assertThat(Correlation.of(WireHeaders.single("X-Correlation-Id", "c1", "X-Request-Id", "r1",
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))).isEqualTo("c1");
  }

  @Test
  void of_requestIdThenTraceparent_areFallbacks() {
    assertThat(Correlation.of(WireHeaders.single("x-request-id", "r1"))).isEqualTo("r1");
    assertThat(Correlation.of(WireHeaders.single("traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void of_unusableValues_areReplacedByGeneratedId() {
    String tooLong = "a".repeat(129);
    for (WireHeaders h : new WireHeaders[] {
        WireHeaders.EMPTY,
        WireHeaders.single("x-correlation-id", tooLong),
        WireHeaders.single("x-correlation-id", "has space"),
        WireHeaders.single("x-correlation-id", "ünicode"),
        WireHeaders.single("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
        WireHeaders.single("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"),
        WireHeaders.single("traceparent", "garbage")}) {
      assertThat(Correlation.of(h)).matches("[0-9a-f]{32}");
    }
  }

  @Test
  void generate_givesDistinctIds() {
    assertThat(Correlation.generate()).isNotEqualTo(Correlation.generate());
  }
}
