package io.jeton.dialect.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.PasswordHasher;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.store.jdbc.JdbcStores;
import io.jeton.testkit.PostgresDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code private_key_jwt} replay across two nodes on one PostgreSQL database (SPEC 8 and 10): each
 * node has its own connection pool and caches, as two servers behind a load balancer do; the only
 * thing they share is the database, whose replay table must let each {@code jti} through once.
 */
class PrivateKeyJwtPostgresTest {
  private static final String ISSUER = "http://localhost:8080/realms/acme";

  private final ECKey key = generate();
  private PostgresDatabase db;
  private JdbcStores storesA;
  private JdbcStores storesB;
  private Engine nodeA;
  private Engine nodeB;

  @BeforeEach
  void start() throws Exception {
    db = PostgresDatabase.create();
    MasterKey master = MasterKey.generate();
    storesA = JdbcStores.open(db.url(), PostgresDatabase.USER, "", 8);
    storesB = JdbcStores.open(db.url(), PostgresDatabase.USER, "", 8);
    nodeA = engine(storesA, master);
    nodeB = engine(storesB, master);
    new Directory(nodeA).apply(new RealmImport(Realm.withDefaults(RealmName.of("acme")), List.of(
        new ClientImport("signer", Optional.empty(), Set.of("client_credentials"), Set.of(), Optional.empty(), false,
            0, Optional.of(new JWKSet(key.toPublicJWK()).toString()), List.of())), List.of()));
  }

  private static Engine engine(JdbcStores stores, MasterKey master) {
    return new Engine(EngineSettings.of("http://localhost:8080"), stores.stores(), master,
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, 100), InstantSource.system());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {nodeA, nodeB, storesA, storesB, db}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void token_assertionUsedOnOneNode_isRefusedOnTheOther() {
    String jwt = assertion();

    assertThat(new Endpoints(nodeA).token(post(jwt)).status()).isEqualTo(200);
    assertThat(new Endpoints(nodeB).token(post(jwt)).status()).isEqualTo(401);
    assertThat(new Endpoints(nodeB).token(post(assertion())).status()).isEqualTo(200);
  }

  @Test
  void token_oneAssertionRacedOnTwoNodes_exactlyOneRequestWins() throws Exception {
    String jwt = assertion();
    int n = 16;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Endpoints node = new Endpoints(i % 2 == 0 ? nodeA : nodeB);
        statuses.add(pool.submit(() -> {
          go.await();
          return node.token(post(jwt)).status();
        }));
      }
      go.countDown();
      List<Integer> got = new ArrayList<>();
      for (Future<Integer> f : statuses) {
        got.add(f.get());
      }
      assertThat(got).filteredOn(s -> s == 200).hasSize(1);
      assertThat(got).filteredOn(s -> s == 401).hasSize(n - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  private String assertion() {
    try {
      Instant now = Instant.now();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
          new JWTClaimsSet.Builder().issuer("signer").subject("signer").audience(ISSUER)
              .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static WireRequest post(String jwt) {
    String body = "grant_type=client_credentials&client_assertion_type="
        + URLEncoder.encode(ClientAuth.JWT_BEARER, StandardCharsets.UTF_8) + "&client_assertion=" + jwt;
    return new WireRequest("POST", Map.of("realm", "acme"), WireHeaders.single("Content-Type",
        "application/x-www-form-urlencoded"), Map.of(), body.getBytes(StandardCharsets.UTF_8), RequestContext.of("c"));
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
