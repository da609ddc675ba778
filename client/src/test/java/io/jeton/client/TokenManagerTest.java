package io.jeton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeton.core.audit.AuditType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TokenManager against a real Jeton behind a counting proxy. Time is the manager's monotonic
 * clock, moved by the test: the tokens Jeton issues live an hour, the manager is told an hour has
 * passed, and nothing depends on how fast this machine runs.
 */
class TokenManagerTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);
  private final JetonNode node = JetonNode.shared();
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private CountingProxy proxy;

  @BeforeEach
  void proxy() {
    proxy = new CountingProxy(node.base);
  }

  @AfterEach
  void close() {
    proxy.close();
  }

  private TokenManager.Builder alice(String realm) {
    return TokenManager.newBuilder().issuer(proxy.issuer(realm))
        .client(ClientAuthentication.clientSecretBasic("app", "app-secret")).password("alice", "alice-pass")
        .ticker(now::get);
  }

  @Test
  void hundredThreadsAcrossTheExpiry_causeExactlyOneRefresh() throws Exception {
    long refreshesBefore = node.audited("sdk", AuditType.REFRESH);
    long replaysBefore = node.audited("sdk", AuditType.REFRESH_REPLAYED);
    TokenManager tokens = alice("sdk").build();
    String first = tokens.accessToken();
    assertThat(proxy.grants("password")).isEqualTo(1);

    int threads = 100;
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch asking = new CountDownLatch(threads);
    List<Future<String>> seen = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        seen.add(pool.submit(() -> {
          go.await();
          String t = tokens.accessToken();
          assertThat(t.equals(first)).as("before the expiry: the first token").isTrue();
          asking.countDown();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (t.equals(first) && System.nanoTime() - deadline < 0) {
            Thread.yield();
            t = tokens.accessToken();
          }
          return t;
        }));
      }
      go.countDown();
      assertThat(asking.await(60, TimeUnit.SECONDS)).isTrue();
      now.addAndGet(HOUR + 1); // every thread is asking when the token expires
      Set<String> after = new HashSet<>();
      for (Future<String> f : seen) {
        after.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(after.size()).as("one new token for all").isEqualTo(1);
      assertThat(after.contains(first)).as("every thread got past the expiry").isFalse();
    }
    assertThat(proxy.grants("refresh_token")).as("refresh requests").isEqualTo(1);
    assertThat(proxy.grants("password")).as("logins").isEqualTo(1);
    assertThat(node.audited("sdk", AuditType.REFRESH) - refreshesBefore).as("refreshes Jeton made").isEqualTo(1);
    assertThat(node.audited("sdk", AuditType.REFRESH_REPLAYED) - replaysBefore).isZero();
  }

  @Test
  void refreshIsAheadOfExpiry_countedFromExpiresInOnTheMonotonicClock() {
    TokenManager tokens = alice("sdk").refreshAhead(Duration.ofSeconds(30)).build();
    String first = tokens.accessToken();
    now.addAndGet(HOUR - TimeUnit.SECONDS.toNanos(31));
    assertThat(tokens.accessToken().equals(first)).isTrue();
    assertThat(proxy.grants("refresh_token")).isZero();
    now.addAndGet(TimeUnit.SECONDS.toNanos(2)); // 29 s before expires_in runs out: due
    assertThat(tokens.accessToken().equals(first)).isFalse();
    assertThat(proxy.grants("refresh_token")).isEqualTo(1);
    // the token's exp (wall clock) played no part: Jeton's token is still valid for an hour
    assertThat(JetonNode.claims(first).get("exp")).isNotNull();
  }

  @Test
  void refreshAnswerLost_retriedInsideTheGraceWindow_keepsTheSession() {
    long replaysBefore = node.audited("sdk", AuditType.REFRESH_REPLAYED);
    long reuseBefore = node.audited("sdk", AuditType.REFRESH_REUSE_DETECTED);
    TokenManager tokens = alice("sdk").build();
    String first = tokens.accessToken();
    proxy.loseRefreshAnswers.set(1);
    now.addAndGet(HOUR + 1);

    String second = tokens.accessToken();

    assertThat(proxy.grants("refresh_token")).as("the lost one and its retry").isEqualTo(2);
    assertThat(proxy.grants("password")).as("no new login").isEqualTo(1);
    assertThat(node.audited("sdk", AuditType.REFRESH_REPLAYED) - replaysBefore).isEqualTo(1);
    assertThat(node.audited("sdk", AuditType.REFRESH_REUSE_DETECTED) - reuseBefore).isZero();
    assertThat(JetonNode.claims(second).get("sid")).isEqualTo(JetonNode.claims(first).get("sid"));
    // and the session lives on: the next refresh works too
    now.addAndGet(HOUR + 1);
    assertThat(tokens.accessToken().equals(second)).isFalse();
    assertThat(proxy.grants("refresh_token")).isEqualTo(3);
    assertThat(proxy.grants("password")).isEqualTo(1);
  }

  @Test
  void refreshAnswerLost_onARealmWithoutGrace_theRetryIsReuse_andTheManagerLogsInAgain() {
    long reuseBefore = node.audited("strict", AuditType.REFRESH_REUSE_DETECTED);
    TokenManager tokens = alice("strict").build();
    String first = tokens.accessToken();
    proxy.loseRefreshAnswers.set(1);
    now.addAndGet(HOUR + 1);

    String second = tokens.accessToken();

    assertThat(proxy.grants("refresh_token")).isEqualTo(2);
    assertThat(proxy.grants("password")).as("a new login after invalid_grant").isEqualTo(2);
    assertThat(node.audited("strict", AuditType.REFRESH_REUSE_DETECTED) - reuseBefore).isEqualTo(1);
    assertThat(JetonNode.claims(second).get("sid")).isNotEqualTo(JetonNode.claims(first).get("sid"));
  }

  @Test
  void basicCredentials_areFormUrlencodedFirst() {
    TokenManager tokens = TokenManager.newBuilder().issuer(proxy.issuer("sdk"))
        .client(ClientAuthentication.clientSecretBasic("odd:client", "s3cr:t +%/ü")).ticker(now::get).build();
    assertThat(tokens.token().tokenType()).isEqualTo("Bearer");
    assertThat(ClientAuthentication.clientSecretBasic("odd:client", "s3cr:t +%/ü").toString())
        .isEqualTo("client_secret_basic(odd:client)");
  }

  @Test
  void refreshTokenRevoked_logsInAgain() {
    TokenManager tokens = alice("sdk").build();
    String first = tokens.accessToken();
    String refresh = (String) JetonNode.json(proxy.lastTokenAnswer.get()).get("refresh_token");
    node.revoke("sdk", refresh);
    now.addAndGet(HOUR + 1);

    String second = tokens.accessToken();

    assertThat(proxy.grants("refresh_token")).isEqualTo(1);
    assertThat(proxy.grants("password")).isEqualTo(2);
    assertThat(JetonNode.claims(second).get("sid")).isNotEqualTo(JetonNode.claims(first).get("sid"));
  }

  @Test
  void renewalFailsWhileTheTokenIsValid_theCurrentTokenIsHandedOut() {
    TokenManager tokens = alice("sdk").refreshAhead(Duration.ofSeconds(60)).build();
    String first = tokens.accessToken();
    proxy.loseRefreshAnswers.set(TokenManager.MAX_ATTEMPTS);
    now.addAndGet(HOUR - TimeUnit.SECONDS.toNanos(30)); // due, not expired

    assertThat(tokens.accessToken().equals(first)).isTrue();
    assertThat(proxy.grants("refresh_token")).isEqualTo(TokenManager.MAX_ATTEMPTS);
    assertThat(tokens.accessToken().equals(first)).as("the next try waits a second").isTrue();
    assertThat(proxy.grants("refresh_token")).isEqualTo(TokenManager.MAX_ATTEMPTS);

    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(tokens.accessToken().equals(first)).as("renewed, inside the grace window").isFalse();
    assertThat(proxy.grants("password")).isEqualTo(1);
  }

  @Test
  void clientCredentials_renewsByLoggingInAgain() {
    TokenManager tokens = TokenManager.newBuilder().issuer(proxy.issuer("sdk"))
        .client(ClientAuthentication.clientSecretPost("app", "app-secret")).scope("orders:read").ticker(now::get)
        .build();
    AccessToken first = tokens.token();
    assertThat(first.tokenType()).isEqualTo("Bearer");
    assertThat(first.scope()).isEqualTo("orders:read");
    assertThat(first.authorization().equals("Bearer " + first.value())).isTrue();
    assertThat(first.toString()).doesNotContain(first.value());
    now.addAndGet(HOUR + 1);
    assertThat(tokens.accessToken().equals(first.value())).isFalse();
    assertThat(proxy.grants("client_credentials")).isEqualTo(2);
    assertThat(proxy.grants("refresh_token")).isZero();
  }

  @Test
  void wrongSecret_isJetonsInvalidClient() {
    TokenManager tokens = alice("sdk").client(ClientAuthentication.clientSecretBasic("app", "wrong")).build();
    assertThatThrownBy(tokens::token).isInstanceOfSatisfying(OAuthError.class, e -> {
      assertThat(e.error()).isEqualTo("invalid_client");
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.description()).isPresent();
    });
  }

  @Test
  void unknownUser_isJetonsInvalidGrant() {
    TokenManager tokens = alice("sdk").password("nobody", "guess").build();
    assertThatThrownBy(tokens::token).isInstanceOfSatisfying(OAuthError.class, e -> {
      assertThat(e.error()).isEqualTo("invalid_grant");
      assertThat(e.status()).isEqualTo(400);
    });
  }

  @Test
  void toBuilder_makesAVariantWithItsOwnTokens() {
    TokenManager a = alice("sdk").build();
    TokenManager b = a.toBuilder().scope("orders:read").build();
    assertThat(b.token().scope()).isEqualTo("orders:read");
    assertThat(a.accessToken().equals(b.accessToken())).isFalse();
  }
}
