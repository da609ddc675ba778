package io.jeton.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HmacTest {
  @Test
  void macOfRfc4231TestCase2() {
    Hmac h = Hmac.sha256("Jefe".getBytes(StandardCharsets.US_ASCII));
    byte[] mac = h.mac().doFinal("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void of_dependsOnKeyAndValue() {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    k2[0] = 1;
    Hmac h1 = Hmac.sha256(k1);
    assertThat(h1.of("t")).isEqualTo(h1.of("t")).isNotEqualTo(Hmac.sha256(k2).of("t")).isNotEqualTo(h1.of("u"));
  }

  @Test
  void keyChangedAfterConstruction_doesNotChangeTheMac() {
    byte[] k = new byte[32];
    Hmac h = Hmac.sha256(k);
    String before = h.of("t");
    k[0] = 9;
    assertThat(h.of("t")).isEqualTo(before);
  }

  @Test
  void manyThreadsAtOnce_eachGetTheMacOfTheirOwnValue() throws Exception {
    Hmac h = Hmac.sha256(new byte[32]);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      expected.add(h.of("value-" + i));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int round = 0; round < 200; round++) {
        int i = round % 64;
        results.add(pool.submit(() -> h.of("value-" + i).equals(expected.get(i))));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    }
  }
}
