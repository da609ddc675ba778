package io.jeton.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  private final MasterKey key = MasterKey.generate();

  @Test
  void encrypt_thenDecryptWithSameContext_returnsPlaintext() {
    byte[] sealed = key.encrypt("secret jwk".getBytes(StandardCharsets.UTF_8), "ctx");
    assertThat(new String(key.decrypt(sealed, "ctx"), StandardCharsets.UTF_8)).isEqualTo("secret jwk");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret jwk");
  }

  @Test
  void decrypt_otherContext_fails() {
    byte[] sealed = key.encrypt(new byte[] {1, 2, 3}, "realm-a");
    assertThatThrownBy(() -> key.decrypt(sealed, "realm-b")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decrypt_otherKey_failsWithHint() {
    byte[] sealed = key.encrypt(new byte[] {1, 2, 3}, "ctx");
    assertThatThrownBy(() -> MasterKey.generate().decrypt(sealed, "ctx"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JETON_MASTER_KEY");
  }

  @Test
  void decrypt_tamperedCiphertext_fails() {
    byte[] sealed = key.encrypt(new byte[] {1, 2, 3}, "ctx");
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> key.decrypt(sealed, "ctx")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fromBase64_roundTripsAndRejectsWrongLength() {
    MasterKey again = MasterKey.fromBase64(key.toBase64());
    assertThat(again.derive("x")).isEqualTo(key.derive("x"));
    assertThatThrownBy(() -> MasterKey.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> MasterKey.fromBase64("!!!")).hasMessageContaining("base64");
  }

  @Test
  void derive_differentPurposes_giveDifferentKeys() {
    assertThat(key.derive("client-secret")).isNotEqualTo(key.derive("refresh-successor")).hasSize(32);
  }
}
