package io.jeton.core.token;

import static io.jeton.core.token.TokenCodecFuzzTest.RING;
import static io.jeton.core.token.TokenCodecFuzzTest.b64;
import static io.jeton.core.token.TokenCodecFuzzTest.claims;
import static io.jeton.core.token.TokenCodecFuzzTest.realm;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.RealmName;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A codec with a {@link VerifiedTokens} set: what it signed or verified is decoded without the
 * signature check, and nothing else is, an alteration of a remembered token included.
 */
class TokenCodecVerifiedTokensTest {
  private static final AccessClaims SIGNED = claims();
  private final TokenCodec codec = new TokenCodec(RING, new VerifiedTokens(10_000, InstantSource.system()));
  /** Another node: the same keys, its own memory. */
  private final TokenCodec peer = new TokenCodec(RING);

  @Test
  void encode_remembersTheTokenItSigned() {
    Realm realm = realm(SigningAlgorithm.ES256);
    String jwt = codec.encode(realm, SIGNED);
    assertThat(codec.verified().contains(realm.name(), jwt)).isTrue();
    assertThat(codec.decode(realm, jwt)).contains(SIGNED);
  }

  @Test
  void decode_peerToken_isVerifiedOnceThenRemembered() {
    Realm realm = realm(SigningAlgorithm.ES256);
    String jwt = peer.encode(realm, SIGNED);
    assertThat(codec.verified().contains(realm.name(), jwt)).isFalse();
    assertThat(codec.decode(realm, jwt)).contains(SIGNED);
    assertThat(codec.verified().contains(realm.name(), jwt)).isTrue();
    assertThat(codec.decode(realm, jwt)).contains(SIGNED);
  }

  @Test
  void decode_forgedToken_isNotRemembered() {
    Realm realm = realm(SigningAlgorithm.ES256);
    String[] parts = codec.encode(realm, SIGNED).split("\\.");
    String forged = parts[0] + "." + b64("{\"iss\":\"https://x/realms/r\",\"sub\":\"admin\",\"exp\":4102444800,"
        + "\"iat\":1,\"jti\":\"j\",\"client_id\":\"app\"}") + "." + parts[2];
    assertThat(codec.decode(realm, forged)).isEmpty();
    assertThat(codec.verified().contains(realm.name(), forged)).isFalse();
    assertThat(codec.decode(realm, forged)).isEmpty();
  }

  @Test
  void decode_rememberedTokenOfAnotherRealm_isEmpty() {
    Realm a = realm(SigningAlgorithm.ES256);
    Realm b = new Realm(RealmName.of("fz-other"), null, Optional.empty(), null, null, null, null,
        SigningAlgorithm.ES256, null);
    String jwt = codec.encode(a, SIGNED);
    assertThat(codec.decode(b, jwt)).isEmpty();
    assertThat(codec.decode(a, jwt)).contains(SIGNED);
  }

  /** Each part of a remembered token altered: header, payload (same signature), signature. */
  @Test
  void decode_rememberedTokenWithAPartReplaced_isEmpty() {
    Realm realm = realm(SigningAlgorithm.ES256);
    String jwt = codec.encode(realm, SIGNED);
    String[] p = jwt.split("\\.");
    String header = new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8);
    String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8);
    String other = codec.encode(realm, SIGNED.withConfirmation(new Confirmation(Optional.of("x"), Optional.empty())));
    String[] q = other.split("\\.");
    for (String altered : new String[] {
        b64(header.replace("\"at+jwt\"", "\"JWT\"")) + "." + p[1] + "." + p[2],
        b64(header.replace("ES256", "ES384")) + "." + p[1] + "." + p[2],
        p[0] + "." + b64(payload.replace("user-1", "user-2")) + "." + p[2],
        p[0] + "." + b64(payload.replace("\"a b\"", "\"a b admin\"")) + "." + p[2],
        p[0] + "." + q[1] + "." + p[2],
        p[0] + "." + p[1] + "." + q[2],
        p[0] + "." + p[1] + "." + p[2].substring(0, 10) + (p[2].charAt(10) == 'A' ? 'B' : 'A') + p[2].substring(11),
        p[0] + "." + p[1] + ".",
        p[0] + "." + p[1] + "." + p[2] + p[2]}) {
      assertThat(codec.decode(realm, altered)).as(altered).isEmpty();
    }
    assertThat(codec.decode(realm, other)).isPresent();
  }

  /** The fuzz of TokenCodecFuzzTest on a remembered token: the signed claims or nothing. */
  @Test
  void decode_editedRememberedToken_isTheSignedClaimsOrEmpty() {
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      Realm realm = realm(alg);
      AccessClaims signed = SIGNED;
      TokenCodecFuzzTest.checkEditsOf(codec.encode(realm, signed), signed, codec, realm,
          "remembered jwt edited " + alg, 20261204L + alg.ordinal());
    }
  }
}
