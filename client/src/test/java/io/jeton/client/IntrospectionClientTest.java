package io.jeton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IntrospectionClient against a real Jeton; requests counted by a proxy, the cache's clock moved by the test. */
class IntrospectionClientTest {
  private static final String INTROSPECT = "/realms/sdk/oauth2/introspect";
  private final JetonNode node = JetonNode.shared();
  private final AtomicLong ticks = new AtomicLong(1_000_000_000_000L);
  private CountingProxy proxy;

  @BeforeEach
  void proxy() {
    proxy = new CountingProxy(node.base);
  }

  @AfterEach
  void close() {
    proxy.close();
  }

  private IntrospectionClient.Builder gateway() {
    return IntrospectionClient.newBuilder().issuer(proxy.issuer("sdk"))
        .client(ClientAuthentication.clientSecretBasic("gateway", "gateway-secret")).ticker(ticks::get);
  }

  @Test
  void activeToken_isMapped_andServedFromTheCacheWithinItsTtl() {
    String token = (String) node.login("sdk").get("access_token");
    IntrospectionClient client = gateway().cacheTtl(Duration.ofSeconds(10)).build();

    Introspection i = client.introspect(token);
    assertThat(i.active()).isTrue();
    assertThat(i.clientId()).contains("app");
    assertThat(i.username()).contains("alice");
    assertThat(i.tokenType()).contains("Bearer");
    assertThat(i.scopes()).containsExactly("orders:read", "orders:write");
    assertThat(i.audience()).containsExactly("orders-api");
    assertThat(i.issuer()).contains(node.issuer("sdk").toString());
    assertThat(i.sessionId()).hasValue((String) JetonNode.claims(token).get("sid"));
    assertThat(i.expiresAt()).isPresent();

    ticks.addAndGet(TimeUnit.SECONDS.toNanos(9));
    assertThat(client.introspect(token)).isSameAs(i);
    assertThat(proxy.count(INTROSPECT)).isEqualTo(1);

    node.revoke("sdk", token);
    ticks.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(client.introspect(token).active()).as("after the TTL: the revocation is seen").isFalse();
    assertThat(proxy.count(INTROSPECT)).isEqualTo(2);
  }

  @Test
  void cache_isBoundedInSize_leastRecentlyUsedGoesFirst() {
    IntrospectionClient client = gateway().cacheSize(5).cacheTtl(Duration.ofMinutes(5)).build();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tokens.add(node.clientToken("sdk"));
    }
    for (String t : tokens) {
      assertThat(client.introspect(t).active()).isTrue();
    }
    assertThat(client.cached()).isEqualTo(5);
    assertThat(proxy.count(INTROSPECT)).isEqualTo(20);

    client.introspect(tokens.get(19)); // among the five newest: cached
    assertThat(proxy.count(INTROSPECT)).isEqualTo(20);
    client.introspect(tokens.get(0)); // evicted long ago
    assertThat(proxy.count(INTROSPECT)).isEqualTo(21);
    assertThat(client.cached()).isEqualTo(5);
  }

  @Test
  void cache_neverOutlivesTheTokensExp() {
    String token = node.clientToken("sdk");
    Instant exp = Instant.ofEpochSecond(((Number) JetonNode.claims(token).get("exp")).longValue());
    // the wall clock says exp is 5 s away; the TTL would allow an hour
    IntrospectionClient client = gateway().cacheTtl(Duration.ofHours(1)).clock(() -> exp.minusSeconds(5)).build();
    client.introspect(token);
    ticks.addAndGet(TimeUnit.SECONDS.toNanos(4));
    client.introspect(token);
    assertThat(proxy.count(INTROSPECT)).isEqualTo(1);
    ticks.addAndGet(TimeUnit.SECONDS.toNanos(2));
    client.introspect(token);
    assertThat(proxy.count(INTROSPECT)).isEqualTo(2);
  }

  @Test
  void inactiveAnswers_areNotCached() {
    IntrospectionClient client = gateway().build();
    assertThat(client.introspect("not-a-token").active()).isFalse();
    assertThat(client.introspect("not-a-token").claims()).containsOnlyKeys("active");
    assertThat(proxy.count(INTROSPECT)).isEqualTo(2);
    assertThat(client.cached()).isZero();
  }

  @Test
  void zeroTtl_turnsTheCacheOff() {
    String token = node.clientToken("sdk");
    IntrospectionClient client = gateway().cacheTtl(Duration.ZERO).build();
    client.introspect(token);
    client.introspect(token);
    assertThat(proxy.count(INTROSPECT)).isEqualTo(2);
    assertThat(client.cached()).isZero();
  }

  @Test
  void wrongClientSecret_isJetonsInvalidClient() {
    IntrospectionClient client = gateway().client(ClientAuthentication.clientSecretPost("gateway", "wrong")).build();
    assertThatThrownBy(() -> client.introspect("x")).isInstanceOfSatisfying(OAuthError.class, e -> {
      assertThat(e.error()).isEqualTo("invalid_client");
      assertThat(e.status()).isEqualTo(401);
    });
  }
}
