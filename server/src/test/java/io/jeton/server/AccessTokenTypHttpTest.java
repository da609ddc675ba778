package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.RealmName;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.Realm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A realm's {@code accessTokenTyp} over HTTP (SPEC 1, issue 12): {@code JWT} realms sign {@code
 * typ: JWT}, every grant alike, and a realm switched between the two keeps introspecting the tokens
 * it issued before the switch.
 */
class AccessTokenTypHttpTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(List.of(TestNode.realm(plain("spring")), TestNode.realm(Realm.withDefaults(
        RealmName.of("rfc")))), Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Realm plain(String name) {
    return Realm.withDefaults(RealmName.of(name)).withAccessTokenTyp(AccessTokenTyp.JWT);
  }

  private static String typ(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getType().toString();
  }

  @Test
  void realmWithTypJwt_signsTypJwtForEveryGrant_verifiableAndActive() throws Exception {
    String cc = node.clientToken("spring").get("access_token").asText();
    String login = node.login("spring").get("access_token").asText();
    JWKSet jwks = JWKSet.parse(node.get("/realms/spring/oauth2/jwks").body());

    for (String token : List.of(cc, login)) {
      SignedJWT jwt = SignedJWT.parse(token);
      assertThat(typ(token)).isEqualTo("JWT");
      assertThat(jwt.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID())))).isTrue();
      assertThat(node.introspect("spring", token).get("active").asBoolean()).isTrue();
    }
    assertThat(typ(node.clientToken("rfc").get("access_token").asText())).isEqualTo("at+jwt");
  }

  @Test
  void realmSwitchedBetweenTyps_keepsItsEarlierTokensActive() throws Exception {
    node.server.applyImport(List.of(TestNode.realm(plain("switch"))));
    String before = node.clientToken("switch").get("access_token").asText();
    assertThat(typ(before)).isEqualTo("JWT");

    node.server.applyImport(List.of(TestNode.realm(Realm.withDefaults(RealmName.of("switch")))));
    String after = node.clientToken("switch").get("access_token").asText();

    assertThat(typ(after)).isEqualTo("at+jwt");
    assertThat(node.introspect("switch", before).get("active").asBoolean()).isTrue();
    assertThat(node.introspect("switch", after).get("active").asBoolean()).isTrue();
  }
}
