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
  void sha256_isTheFipsDigest_base64url() {
    // FIPS 180-2 appendix B.1: SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    assertThat(Tokens.sha256("abc").value()).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  }
}
