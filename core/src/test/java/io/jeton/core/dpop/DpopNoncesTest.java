package io.jeton.core.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.crypto.MasterKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stateless DPoP nonces (RFC 9449 section 8): any node with the master key accepts them, for a few minutes. */
class DpopNoncesTest {
  static final RealmName ACME = new RealmName("acme");
  static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
  final MasterKey key = MasterKey.generate();

  @Test
  void accepts_nonceOfAnotherNodeWithTheSameMasterKey_isAccepted() {
    String nonce = new DpopNonces(key).current(ACME, T);

    assertThat(new DpopNonces(MasterKey.of(java.util.Base64.getDecoder().decode(key.toBase64())))
        .accepts(ACME, nonce, T.plusSeconds(30))).isTrue();
  }

  @Test
  void accepts_upToTwoSlotsLater_thenNoMore() {
    DpopNonces nonces = new DpopNonces(key);
    String nonce = nonces.current(ACME, T);

    assertThat(nonces.accepts(ACME, nonce, T.plusSeconds(179))).isTrue();
    assertThat(nonces.accepts(ACME, nonce, T.plusSeconds(180))).isFalse();
    assertThat(nonces.accepts(ACME, nonce, T.minusSeconds(1))).as("a nonce of the future").isFalse();
  }

  @Test
  void accepts_otherRealmOrOtherKeyOrGarbage_isRefused() {
    DpopNonces nonces = new DpopNonces(key);
    String nonce = nonces.current(ACME, T);

    assertThat(nonces.accepts(new RealmName("other"), nonce, T)).isFalse();
    assertThat(new DpopNonces(MasterKey.generate()).accepts(ACME, nonce, T)).isFalse();
    assertThat(nonces.accepts(ACME, "", T)).isFalse();
  }
}
