package io.jeton.core.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.RealmName;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RealmTest {
  @Test
  void withDefaults_hasSpecDefaults() {
    Realm r = Realm.withDefaults(RealmName.of("acme"));
    assertThat(r.accessTokenTtl()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(r.refreshTokenTtl()).isEqualTo(Duration.ofSeconds(604800));
    assertThat(r.sessionMaxTtl()).isEqualTo(Duration.ofSeconds(2592000));
    assertThat(r.refreshReuseGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.signingAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(r.issuerName()).isEqualTo("acme");
    assertThat(r.authServices()).extracting(AuthServiceRef::type).containsExactly("password");
  }

  @Test
  void constructor_nonPositiveTtl_isRejectedNotClamped() {
    assertThatThrownBy(() -> new Realm(RealmName.of("a"), null, Optional.empty(), Duration.ZERO, null, null, null, null, null))
        .hasMessageContaining("accessTokenTtl");
    assertThatThrownBy(() -> new Realm(RealmName.of("a"), null, Optional.empty(), null, null, null, Duration.ofSeconds(-1), null, null))
        .hasMessageContaining("refreshReuseGrace");
  }

  @Test
  void maxSessionsPerUser_defaultsToNoCapAndIsRangeChecked() {
    Realm r = Realm.withDefaults(RealmName.of("a"));
    assertThat(r.maxSessionsPerUser()).isZero();
    assertThat(r.withMaxSessionsPerUser(3).maxSessionsPerUser()).isEqualTo(3);
    assertThat(r.withMaxSessionsPerUser(3).withMaxSessionsPerUser(0)).isEqualTo(r);
    assertThatThrownBy(() -> r.withMaxSessionsPerUser(-1)).hasMessageContaining("maxSessionsPerUser");
    assertThatThrownBy(() -> r.withMaxSessionsPerUser(Realm.MAX_SESSIONS_PER_USER + 1))
        .hasMessageContaining("maxSessionsPerUser");
  }

  @Test
  void constructor_graceOverSixtySeconds_isRejectedNotClamped() {
    // SPEC 7: the grace window "may not exceed 60 s" (review M1 found 3600 s accepted)
    assertThatThrownBy(() -> new Realm(RealmName.of("a"), null, Optional.empty(), null, null, null,
        Duration.ofSeconds(61), null, null)).hasMessage("refreshReuseGrace must be at most 60 s, got 61 s");
    assertThat(new Realm(RealmName.of("a"), null, Optional.empty(), null, null, null, Duration.ofSeconds(60), null,
        null).refreshReuseGrace()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void realmName_onlyPathSafeCharacters() {
    assertThat(RealmName.of("acme-1.prod_eu").value()).isEqualTo("acme-1.prod_eu");
    assertThatThrownBy(() -> RealmName.of("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RealmName.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RealmName.of("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signingAlgorithm_parseIsCaseInsensitive() {
    assertThat(SigningAlgorithm.parse("eddsa")).isEqualTo(SigningAlgorithm.EdDSA);
    assertThatThrownBy(() -> SigningAlgorithm.parse("none")).hasMessageContaining("ES256");
  }

  @Test
  void accessTokenTyp_defaultsToAtJwtAndParsesCaseInsensitively() {
    Realm r = Realm.withDefaults(RealmName.of("a"));
    assertThat(r.accessTokenTyp()).isEqualTo(AccessTokenTyp.AT_JWT);
    assertThat(r.withAccessTokenTyp(AccessTokenTyp.JWT).accessTokenTyp()).isEqualTo(AccessTokenTyp.JWT);
    assertThat(r.withAccessTokenTyp(AccessTokenTyp.JWT).withAccessTokenTyp(AccessTokenTyp.AT_JWT)).isEqualTo(r);
    assertThat(AccessTokenTyp.parse("at+jwt")).isEqualTo(AccessTokenTyp.AT_JWT);
    assertThat(AccessTokenTyp.parse("jwt")).isEqualTo(AccessTokenTyp.JWT);
    assertThat(AccessTokenTyp.JWT.value()).isEqualTo("JWT");
    assertThatThrownBy(() -> AccessTokenTyp.parse("application/at+jwt"))
        .hasMessage("accessTokenTyp 'application/at+jwt' is not one of at+jwt, JWT");
  }
}
