package io.jeton.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void opaque_has256BitsAndNeverRepeats() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String t = Tokens.opaque();
      assertThat(t).hasSize(43).matches("[A-Za-z0-9_-]+");
      assertThat(seen.add(t)).isTrue();
    }
  }

  @Test
  void sha256_isStableAndDiffersFromInput() {
    assertThat(Tokens.sha256("abc").value())
        .isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")
        .isNotEqualTo("abc");
  }

  @Test
  void hmac_dependsOnKey() {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    k2[0] = 1;
    assertThat(Tokens.hmac(k1, "t")).isEqualTo(Tokens.hmac(k1, "t")).isNotEqualTo(Tokens.hmac(k2, "t"));
  }
}
