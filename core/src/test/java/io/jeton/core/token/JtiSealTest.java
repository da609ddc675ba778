package io.jeton.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.crypto.MasterKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JtiSealTest {
  private static final RealmName R = RealmName.of("acme");
  private static final Instant EXP = Instant.ofEpochSecond(2_000_000_000L);
  private final MasterKey key = MasterKey.generate();
  private final JtiSeal seal = new JtiSeal(key);

  private static AccessClaims claims(RealmName r, String sub, String client, Instant exp, String sid, String jti) {
    return new AccessClaims("iss", sub, List.of("aud"), exp, exp.minusSeconds(60), jti, ClientId.of(client),
        List.of(), Optional.ofNullable(sid).map(SessionId::of));
  }

  @Test
  void matches_claimsItWasMintedFor() {
    String jti = seal.mint(R, "user-1", ClientId.of("app"), EXP, Optional.of(SessionId.of("s1")));
    assertThat(jti).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(seal.matches(R, claims(R, "user-1", "app", EXP, "s1", jti))).isTrue();
  }

  @Test
  void matches_anyChangedClaim_isFalse() {
    String jti = seal.mint(R, "user-1", ClientId.of("app"), EXP, Optional.of(SessionId.of("s1")));
    assertThat(seal.matches(RealmName.of("other"), claims(R, "user-1", "app", EXP, "s1", jti))).isFalse();
    assertThat(seal.matches(R, claims(R, "user-2", "app", EXP, "s1", jti))).isFalse();
    assertThat(seal.matches(R, claims(R, "user-1", "evil", EXP, "s1", jti))).isFalse();
    assertThat(seal.matches(R, claims(R, "user-1", "app", EXP.plusSeconds(1), "s1", jti))).isFalse();
    assertThat(seal.matches(R, claims(R, "user-1", "app", EXP, "s2", jti))).isFalse();
    assertThat(seal.matches(R, claims(R, "user-1", "app", EXP, null, jti))).isFalse();
  }

  @Test
  void matches_fieldBoundariesCannotShift() {
    String jti = seal.mint(R, "ab", ClientId.of("c"), EXP, Optional.empty());
    assertThat(seal.matches(R, claims(R, "a", "bc", EXP, null, jti))).isFalse();
  }

  @Test
  void matches_otherKeyOrGarbageJti_isFalse() {
    String jti = seal.mint(R, "u", ClientId.of("app"), EXP, Optional.empty());
    assertThat(new JtiSeal(MasterKey.generate()).matches(R, claims(R, "u", "app", EXP, null, jti))).isFalse();
    for (String bad : List.of("", "x", "!!!!", "A".repeat(43), "A".repeat(22), jti.substring(0, 35) + (jti.charAt(35) == 'A' ? "z" : "A") + jti.substring(36))) {
      assertThat(seal.matches(R, claims(R, "u", "app", EXP, null, bad.isEmpty() ? "e" : bad))).as(bad).isFalse();
    }
  }
}
