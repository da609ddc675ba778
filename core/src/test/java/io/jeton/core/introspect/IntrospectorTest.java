package io.jeton.core.introspect;

import io.jeton.core.grant.TokenCommand;
import static io.jeton.core.CoreFixture.CTX;
import static io.jeton.core.CoreFixture.issued;
import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.CoreFixture;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.RealmName;
import io.jeton.core.grant.IssuedTokens;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationScope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 7662 for authenticated confidential clients only (SPEC 7, review M2). */
class IntrospectorTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void introspect_publicClient_isRefusedInvalidClient() {
    String at = f.login(f.app()).accessToken();
    Introspection r = f.engine.introspect(f.realm, f.publicClient("mobile"), at);
    assertThat(r).isInstanceOf(Introspection.Refused.class);
    assertThat(((Introspection.Refused) r).error().code()).isEqualTo(ErrorCode.INVALID_CLIENT);
    assertThat(f.engine.validate(f.realm, f.publicClient("mobile"), at)).isInstanceOf(Introspection.Refused.class);
  }

  @Test
  void introspect_dialectClient_isRefused() {
    String at = f.login(f.app()).accessToken();
    assertThat(f.engine.introspect(f.realm, f.dialect("ags"), at)).isInstanceOf(Introspection.Refused.class);
  }

  @Test
  void introspect_userAccessToken_isActiveWithUsername() {
    IssuedTokens t = f.login(f.app());
    Introspection.Active a = (Introspection.Active) f.engine.introspect(f.realm,
        f.confidential("other", "other-secret"), t.accessToken());
    assertThat(a.tokenType()).isEqualTo("access_token");
    assertThat(a.username()).contains("alice");
    assertThat(a.claims().jti()).isEqualTo(t.claims().jti());
  }

  @Test
  void introspect_refreshTokenOfItsHolder_isActiveWithoutJti() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    Introspection.Active a = (Introspection.Active) f.engine.introspect(f.realm, f.app(), rt);
    assertThat(a.tokenType()).isEqualTo("refresh_token");
    assertThat(a.claims().jti()).isEmpty();
    assertThat(a.username()).contains("alice");
  }

  @Test
  void introspect_refreshTokenOfAnotherClient_isInactive() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    assertThat(f.engine.introspect(f.realm, f.confidential("other", "other-secret"), rt))
        .isEqualTo(Introspection.INACTIVE);
  }

  @Test
  void validate_refreshToken_isInactive() {
    String rt = f.login(f.app()).refreshToken().orElseThrow();
    assertThat(f.engine.validate(f.realm, f.app(), rt)).isEqualTo(Introspection.INACTIVE);
  }

  @Test
  void introspect_expiredAccessToken_isInactive() {
    String at = issued(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.app(), Optional.empty()), CTX)).accessToken();
    f.advance(Duration.ofSeconds(3601));
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isEqualTo(Introspection.INACTIVE);
  }

  // A token this node signed is remembered as verified (and its claims kept while it is hot): each
  // of these introspects the token first, so that the second answer comes from that memory.

  private String cachedClientToken() {
    String at = issued(f.engine.token(new TokenCommand.ClientCredentials(f.realm, f.app(), Optional.empty()), CTX))
        .accessToken();
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isInstanceOf(Introspection.Active.class);
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isInstanceOf(Introspection.Active.class);
    return at;
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String json(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  @Test
  void introspect_cachedTokenAltered_isInactive() {
    String at = cachedClientToken();
    String[] p = at.split("\\.");
    String flipped = p[2].charAt(5) == 'A' ? "B" : "A";
    for (String altered : new String[] {
        b64(json(p[0]).replace("at+jwt", "JWT")) + "." + p[1] + "." + p[2],
        p[0] + "." + b64(json(p[1]).replace("\"app\"", "\"other\"")) + "." + p[2],
        p[0] + "." + b64(json(p[1]).replace("\"read write\"", "\"read write admin\"")) + "." + p[2],
        p[0] + "." + p[1] + "." + p[2].substring(0, 5) + flipped + p[2].substring(6),
        p[0] + "." + p[1] + "." + p[2] + "AAAA"}) {
      assertThat(f.engine.introspect(f.realm, f.app(), altered)).as(altered).isEqualTo(Introspection.INACTIVE);
    }
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isInstanceOf(Introspection.Active.class);
  }

  @Test
  void introspect_cachedTokenInAnotherRealm_isInactive() {
    String at = cachedClientToken();
    Realm other = Realm.withDefaults(RealmName.of("other"));
    assertThat(f.engine.validateAccessToken(other, at)).isEmpty();
  }

  @Test
  void introspect_cachedTokenOnceExpired_isInactive() {
    String at = cachedClientToken();
    f.advance(Duration.ofSeconds(3599));
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isInstanceOf(Introspection.Active.class);
    f.advance(Duration.ofSeconds(1));
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isEqualTo(Introspection.INACTIVE);
  }

  @Test
  void introspect_cachedTokenRevoked_isInactive() {
    String at = cachedClientToken();
    f.engine.revoke(f.realm, f.app(), at, RevocationScope.TOKEN, CTX);
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isEqualTo(Introspection.INACTIVE);
  }

  @Test
  void introspect_cachedTokenOfARevokedSession_isInactive() {
    String at = f.login(f.app()).accessToken();
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isInstanceOf(Introspection.Active.class);
    f.engine.revoke(f.realm, f.app(), at, RevocationScope.SESSION_OF_TOKEN, CTX);
    assertThat(f.engine.introspect(f.realm, f.app(), at)).isEqualTo(Introspection.INACTIVE);
  }
}
