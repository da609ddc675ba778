package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.RealmName;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.realm.KeyPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.server.config.ServerConfig;
import io.jeton.testkit.PostgresDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * SPEC 10 over HTTP on two nodes of one PostgreSQL database, sharing one test clock: a rotation on
 * node A reaches node B's JWKS through B's periodic key reload (1 s here) while the clock stands
 * still, so before any node can sign with the new key; once the clock passes {@code
 * keyPublishSeconds} both nodes sign with it, each verifies the other's tokens, and a token the old
 * key signed stays active on both. The only waiting is for B's reload; no timing is asserted.
 */
class KeyRotationTwoNodesTest {
  @Test
  void rotationOnNodeA_isInNodeBsJwksBeforeEitherSignsWithIt_thenBothSignWithIt() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Realm acme = new Realm(new RealmName("acme"), null, Optional.empty(), Duration.ofSeconds(3600), null, null,
        null, SigningAlgorithm.ES256, null).withKeyPolicy(new KeyPolicy(Duration.ofDays(30), Duration.ofSeconds(600)));
    String masterKey = MasterKey.generate().toBase64();
    java.util.function.UnaryOperator<ServerConfig> tune = c -> c.withMasterKey(masterKey).withPublicUrl("https://auth.example.test").withLifecycle(
        new ServerConfig.Lifecycle(Duration.ofSeconds(5), Duration.ofDays(30), Duration.ofHours(1), 500,
            Duration.ofSeconds(1)));
    try (PostgresDatabase db = PostgresDatabase.create();
        TestNode a = TestNode.startOn(db.url(), List.of(TestNode.realm(acme)), tune, now::get);
        TestNode b = TestNode.startOn(db.url(), List.of(), tune, now::get)) {
      String first = a.clientToken("acme").get("access_token").asText();
      String old = kid(first);
      assertThat(kid(b.clientToken("acme").get("access_token").asText())).isEqualTo(old);
      assertThat(jwks(b)).containsExactly(old);

      KeySchedule next = a.server.engine().rotateKeys(a.server.engine().realm("acme").orElseThrow(), false);
      assertThat(next.activatesAt()).isEqualTo(now.get().plusSeconds(600));
      assertThat(jwks(a)).containsExactly(old, next.kid());

      List<String> seenByB = jwks(b);
      for (int i = 0; i < 200 && !seenByB.contains(next.kid()); i++) {
        Thread.sleep(50);
        seenByB = jwks(b);
      }
      assertThat(seenByB).as("B's reload brought the pending key in").containsExactly(old, next.kid());
      assertThat(kid(a.clientToken("acme").get("access_token").asText())).isEqualTo(old);
      assertThat(kid(b.clientToken("acme").get("access_token").asText())).isEqualTo(old);

      now.set(next.activatesAt());
      String fromA = a.clientToken("acme").get("access_token").asText();
      String fromB = b.clientToken("acme").get("access_token").asText();
      assertThat(kid(fromA)).isEqualTo(next.kid());
      assertThat(kid(fromB)).isEqualTo(next.kid());
      assertThat(b.introspect("acme", fromA).get("active").asBoolean()).isTrue();
      assertThat(a.introspect("acme", fromB).get("active").asBoolean()).isTrue();
      assertThat(b.introspect("acme", first).get("active").asBoolean()).as("the old key's token").isTrue();
      assertThat(jwks(b)).containsExactly(old, next.kid());
    }
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static List<String> jwks(TestNode node) throws Exception {
    HttpResponse<String> r = node.get("/realms/acme/oauth2/jwks");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=300");
    return JWKSet.parse(r.body()).getKeys().stream().map(JWK::getKeyID).toList();
  }
}
