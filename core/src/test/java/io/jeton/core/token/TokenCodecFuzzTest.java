package io.jeton.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.CoreFuzz;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.memory.InMemoryStores;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes JWT decoding in {@link TokenCodec} (issue 6 point 9): any string, edits of a token the
 * realm signed, and forged tokens with any header and any claim values decode to the claims the
 * realm signed or to nothing; nothing throws, and nothing the realm did not sign verifies.
 */
class TokenCodecFuzzTest {
  static final KeyRing RING = new KeyRing(InMemoryStores.create().keys(), MasterKey.generate(), InstantSource.system());
  static final TokenCodec CODEC = new TokenCodec(RING);
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  static Realm realm(SigningAlgorithm alg) {
    return new Realm(RealmName.of("fz-" + alg), null, Optional.empty(), null, null, null, null, alg, null);
  }

  static AccessClaims claims() {
    Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    return new AccessClaims("https://x/realms/r", "user-1", List.of("api"), now.plusSeconds(600), now, "jti-1",
        ClientId.of("app"), List.of("a", "b"), Optional.of(SessionId.of("s1")));
  }

  static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Valid claims must be well-formed: ids within their limits, times present. */
  static void assertWellFormed(Optional<AccessClaims> c) {
    c.ifPresent(claims -> {
      assertThat(claims.clientId().value()).isNotEmpty();
      assertThat(claims.expiresAt()).isNotNull();
      assertThat(claims.issuedAt()).isNotNull();
    });
  }

  @Test
  void decode_anyString_isEmpty() {
    Realm realm = realm(SigningAlgorithm.ES256);
    CoreFuzz.check("jwt any string", 20261330L, 2000, f -> {
      String token = f.logged("token", f.pick(f.text(100), f.text(20) + "." + f.text(20) + "." + f.text(20),
          B64.encodeToString(f.bytes(40)) + "." + B64.encodeToString(f.bytes(80)) + "." + B64.encodeToString(f.bytes(64)),
          "a".repeat(f.between(8000, 8300)) + ".b.c"));
      assertThat(CODEC.decode(realm, token)).isEmpty();
      assertWellFormed(CODEC.decodeUnverified(token));
    });
  }

  /** An edited token is either unchanged in meaning (base64 slack) or refused; never other claims. */
  @Test
  void decode_editedSignedToken_isTheSignedClaimsOrEmpty() {
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      Realm realm = realm(alg);
      AccessClaims signed = claims();
      checkEditsOf(CODEC.encode(realm, signed), signed, CODEC, realm, "jwt edited " + alg, 20261331L + alg.ordinal());
    }
  }

  /**
   * {@code jwt} with one to three characters changed, or cut short: {@code codec} decodes each to
   * {@code signed} (base64 slack) or to nothing, never to other claims.
   */
  static void checkEditsOf(String jwt, AccessClaims signed, TokenCodec codec, Realm realm, String name, long seed) {
    CoreFuzz.check(name, seed, 150, f -> {
      char[] c = jwt.toCharArray();
      for (int i = f.between(1, 3); i > 0; i--) {
        c[f.between(0, c.length - 1)] = f.pick('A', 'z', '0', '-', '_', '.', '=', '+', '/', '\u0000', '\u00e9');
      }
      String edited = f.logged("token", f.chance(0.2) ? jwt.substring(0, f.between(0, jwt.length())) : new String(c));
      Optional<AccessClaims> out = codec.decode(realm, edited);
      assertThat(out).satisfiesAnyOf(o -> assertThat(o).isEmpty(), o -> assertThat(o).contains(signed));
    });
  }

  /** Forged tokens: any header (alg none, HS256 against an EC key, odd kids) and any claim values. */
  @Test
  void decode_forgedTokens_isEmpty_andDecodeUnverifiedNeverThrows() {
    Realm realm = realm(SigningAlgorithm.ES256);
    String kid = RING.keys(realm).currentKid();
    CoreFuzz.check("jwt forged", 20261340L, 2000, f -> {
      String header = f.pick("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}",
          "{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}",
          "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}",
          "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":" + value(f) + "}",
          "{\"alg\":" + value(f) + ",\"typ\":" + value(f) + ",\"kid\":\"" + kid + "\"}",
          "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\",\"crit\":[\"x\"]}", f.text(30));
      String payload = "{\"iss\":" + value(f) + ",\"sub\":" + value(f) + ",\"aud\":" + value(f) + ",\"exp\":"
          + value(f) + ",\"iat\":" + value(f) + ",\"jti\":" + value(f) + ",\"client_id\":" + value(f)
          + ",\"scope\":" + value(f) + ",\"sid\":" + value(f) + "}";
      String token = f.logged("token", b64(f.logged("header", header)) + "." + b64(f.logged("payload", payload)) + "."
          + B64.encodeToString(f.bytes(72)));
      assertThat(CODEC.decode(realm, token)).isEmpty();
      assertWellFormed(CODEC.decodeUnverified(token));
    });
  }

  /** A JSON value of any type and size, the strings with hard characters escaped or raw. */
  static String value(CoreFuzz f) {
    return switch (f.between(0, 9)) {
      case 0 -> "null";
      case 1 -> f.pick("0", "-1", "1e308", "1e99999", "9223372036854775808", "1.5", "-0", "253402300800");
      case 2 -> "true";
      case 3 -> "[" + f.pick("", "1", "\"a\"", "null", "[]", "{}") + "]";
      case 4 -> "{\"a\":" + f.pick("1", "\"b\"", "{}") + "}";
      case 5 -> "\"" + "a".repeat(f.between(60, 5000)) + "\"";
      case 6 -> "\"" + f.text(30).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case 7 -> "[" + "[".repeat(f.between(10, 3000)) + "]".repeat(0);
      case 8 -> "\"\\u0000\\ud800" + f.pick("", "\\", "\\u12") + "\"";
      default -> "\"x\"";
    };
  }
}
