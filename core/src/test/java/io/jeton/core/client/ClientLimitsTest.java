package io.jeton.core.client;

import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.CoreFixture;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.TokenCommand;
import io.jeton.core.grant.TokenOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 7's limits on clients, written as the attacks: a secret-guessing run from one address
 * (429 after {@code clientMaxFailures} a minute, default 20), and a client over its own {@code
 * rateLimit}.
 */
class ClientLimitsTest {
  private static final RequestContext ATTACKER = new RequestContext("a", "203.0.113.7");
  private static final RequestContext OTHER = new RequestContext("b", "198.51.100.9");

  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private ClientAuthentication authenticate(String secret, RequestContext ctx) {
    return f.engine.authenticateClient(f.realm, new ClientCredentials(ClientId.of("app"), Optional.of(secret),
        ClientCredentials.Method.CLIENT_SECRET_BASIC), ctx);
  }

  private static OAuthError rejected(ClientAuthentication a) {
    assertThat(a).isInstanceOf(ClientAuthentication.Rejected.class);
    return ((ClientAuthentication.Rejected) a).error();
  }

  @Test
  void authenticate_pastClientMaxFailuresFromOneAddress_is429EvenWithTheRightSecret() {
    for (int i = 0; i < 20; i++) {
      assertThat(rejected(authenticate("guess-" + i, ATTACKER)).code()).isEqualTo(ErrorCode.INVALID_CLIENT);
    }
    f.advance(Duration.ofSeconds(15));
    OAuthError e = rejected(authenticate("app-secret", ATTACKER));
    assertThat(e.code()).isEqualTo(ErrorCode.SLOW_DOWN);
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.reason()).isEqualTo(OAuthError.Reason.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(45));

    assertThat(authenticate("app-secret", OTHER)).isInstanceOf(ClientAuthentication.Authenticated.class);
    f.advance(Duration.ofSeconds(45));
    assertThat(authenticate("app-secret", ATTACKER)).isInstanceOf(ClientAuthentication.Authenticated.class);
  }

  @Test
  void authenticate_failuresUnderTheLimit_leaveTheClientUsable() {
    for (int i = 0; i < 19; i++) {
      rejected(authenticate("guess-" + i, ATTACKER));
    }
    assertThat(authenticate("app-secret", ATTACKER)).isInstanceOf(ClientAuthentication.Authenticated.class);
  }

  @Test
  void token_clientOverItsRateLimit_is429WithRetryAfterUntilTheBucketRefills() {
    new Directory(f.engine).apply(new RealmImport(f.realm, List.of(new RealmImport.ClientImport("limited",
        Optional.of("limited-secret"), Set.of("client_credentials"), Set.of(), Optional.empty(), false, 2)), List.of()));
    f.engine.invalidateClient(f.realm.name(), ClientId.of("limited"));
    TokenCommand cc = new TokenCommand.ClientCredentials(f.realm, f.confidential("limited", "limited-secret"),
        Optional.empty());
    issued(f.engine.token(cc, CoreFixture.CTX));
    issued(f.engine.token(cc, CoreFixture.CTX));
    TokenOutcome third = f.engine.token(cc, CoreFixture.CTX);
    assertThat(third).isInstanceOf(TokenOutcome.Denied.class);
    OAuthError e = ((TokenOutcome.Denied) third).error();
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(500));

    f.advance(Duration.ofMillis(500));
    issued(f.engine.token(cc, CoreFixture.CTX));
    // a client without a limit is never counted
    for (int i = 0; i < 50; i++) {
      issued(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.app(), Optional.empty()), CoreFixture.CTX));
    }
  }
}
