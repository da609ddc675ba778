package io.jeton.testkit;

import static io.jeton.testkit.TestSessions.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.Stores;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.client.Client;
import io.jeton.core.client.GrantType;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.keys.StoredKey;
import io.jeton.core.lockout.LockoutState;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.LockoutPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.core.replay.ReplayStore;
import io.jeton.core.revoke.RevocationEntry;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore.RefreshLookup;
import io.jeton.core.user.User;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of every store SPI in {@link Stores}, run against one backend: a backend's test
 * extends this class and returns its stores. Tests use fresh realm names, so one database can serve
 * the whole class; only {@code since} and {@code withSeqs} see every realm, and they work relative
 * to the last sequence number. Every purge method works on one realm.
 */
public abstract class StoreConformanceSuite {
  /** Text that trips naive encodings: separators, quotes, escapes, non-BMP and combining characters. */
  protected static final String TRICKY = "a,b;c:d=e|f\"g'h\\i\n\tj 1:x \u00e9\u0301 \u4e2d\u6587 \ud83d\udd11 %00";

  /** The stores under test; the same object for the whole test class is fine. */
  protected abstract Stores stores();

  // ---------------------------------------------------------------- realms

  @Test
  void realm_everyFieldSet_roundTrips() {
    Realm realm = TestRealms.realm().issuerName("Issuer " + TRICKY).audience("aud " + TRICKY)
        .accessTtl(Duration.ofSeconds(61)).refreshTtl(Duration.ofHours(5)).sessionMaxTtl(Duration.ofDays(9))
        .grace(Duration.ofMillis(2500)).algorithm(SigningAlgorithm.EdDSA)
        .authService(new AuthServiceRef("ldap-main", "ldap", Map.of("url", "ldap://x:389", "k" + TRICKY, TRICKY)))
        .authService(AuthServiceRef.password("pw"))
        .authService(new AuthServiceRef("third", "custom", Map.of("", "")))
        .maxSessionsPerUser(7)
        .dialectClient("ags", "mobile").dialectClient("amino", "tv-app")
        .lockout(new LockoutPolicy(9, Duration.ofSeconds(7), Duration.ofSeconds(3600), 0))
        .keys(Duration.ofDays(7), Duration.ofSeconds(90))
        .accessTokenTyp(AccessTokenTyp.JWT)
        .build();
    stores().realms().upsert(realm);

    assertThat(stores().realms().find(realm.name())).contains(realm);
  }

  @Test
  void realm_dialectClientsChanged_replacedOnUpsert() {
    Realm realm = TestRealms.realm().dialectClient("ags", "mobile").build();
    stores().realms().upsert(realm);
    stores().realms().upsert(realm.withDialectClients(Map.of("amino", ClientId.of("tv"))));

    assertThat(stores().realms().find(realm.name()).orElseThrow().dialectClients())
        .isEqualTo(Map.of("amino", ClientId.of("tv")));
  }

  @Test
  void realm_defaults_roundTripWithEmptyAudience() {
    Realm realm = TestRealms.unique();
    stores().realms().upsert(realm);

    Realm found = stores().realms().find(realm.name()).orElseThrow();
    assertThat(found).isEqualTo(realm);
    assertThat(found.audience()).isEmpty();
    assertThat(found.refreshReuseGrace()).isEqualTo(Realm.DEFAULT_REUSE_GRACE);
    assertThat(found.accessTokenTyp()).isEqualTo(AccessTokenTyp.AT_JWT);
  }

  @Test
  void realm_zeroGrace_roundTrips() {
    Realm realm = TestRealms.realm().grace(Duration.ZERO).build();
    stores().realms().upsert(realm);

    assertThat(stores().realms().find(realm.name()).orElseThrow().refreshReuseGrace()).isZero();
  }

  @Test
  void realm_upsertExisting_replacesEveryField() {
    RealmName name = TestRealms.uniqueName();
    stores().realms().upsert(TestRealms.realm().name(name.value()).audience("old").algorithm(SigningAlgorithm.RS256)
        .authService(new AuthServiceRef("a", "ldap", Map.of("x", "1"))).build());
    Realm replacement = TestRealms.realm().name(name.value()).accessTtl(Duration.ofSeconds(30)).build();
    stores().realms().upsert(replacement);

    assertThat(stores().realms().find(name)).contains(replacement);
    assertThat(stores().realms().list().stream().filter(r -> r.name().equals(name))).hasSize(1);
  }

  @Test
  void realm_upsertShorterAccessTtl_remembersTheLongestEver() {
    RealmName name = TestRealms.uniqueName();
    stores().realms().upsert(TestRealms.realm().name(name.value()).accessTtl(Duration.ofSeconds(300)).build());
    stores().realms().upsert(TestRealms.realm().name(name.value()).accessTtl(Duration.ofSeconds(5)).build());

    assertThat(stores().realms().find(name).orElseThrow().accessTokenTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(stores().realms().longestAccessTokenTtl(name)).contains(Duration.ofSeconds(300));

    stores().realms().upsert(TestRealms.realm().name(name.value()).accessTtl(Duration.ofSeconds(600)).build());
    assertThat(stores().realms().longestAccessTokenTtl(name)).contains(Duration.ofSeconds(600));
  }

  @Test
  void realm_longestAccessTtlOfNewOrUnknownRealm_isItsTtlOrEmpty() {
    Realm realm = TestRealms.realm().accessTtl(Duration.ofSeconds(42)).build();
    stores().realms().upsert(realm);

    assertThat(stores().realms().longestAccessTokenTtl(realm.name())).contains(Duration.ofSeconds(42));
    assertThat(stores().realms().longestAccessTokenTtl(TestRealms.uniqueName())).isEmpty();
  }

  @Test
  void realm_unknownName_isEmpty() {
    assertThat(stores().realms().find(TestRealms.uniqueName())).isEmpty();
  }

  @Test
  void realm_list_containsEveryUpsertedRealm() {
    Realm a = TestRealms.unique();
    Realm b = TestRealms.unique();
    stores().realms().upsert(a);
    stores().realms().upsert(b);

    assertThat(stores().realms().list()).contains(a, b);
  }

  // ---------------------------------------------------------------- clients

  @Test
  void client_confidential_roundTripsEveryField() {
    RealmName realm = TestRealms.uniqueName();
    Client client = TestClients.confidential(realm).id("app-" + TRICKY.substring(0, 5)).scopes("read", "write",
        TRICKY).certificateSubject("CN=app, O=Acme \u00e9").rateLimit(250).build();
    stores().clients().upsert(client);

    Client found = stores().clients().find(realm, client.id()).orElseThrow();
    assertThat(found).isEqualTo(client);
    assertThat(found.secretHash()).isPresent();
    assertThat(found.grants()).containsExactlyInAnyOrder(GrantType.PASSWORD, GrantType.REFRESH_TOKEN,
        GrantType.CLIENT_CREDENTIALS);
  }

  @Test
  void client_tlsClientAuthentication_roundTripsCertificateAuthMethodsAndBinding() {
    RealmName realm = TestRealms.uniqueName();
    String pem = "-----BEGIN CERTIFICATE-----\n" + "QUJD".repeat(300) + "\n-----END CERTIFICATE-----\n";
    Client client = TestClients.confidential(realm).id("mtls").noSecret().certificateSubject("CN=mtls,O=Acme")
        .certificate(pem).authMethods(io.jeton.core.client.ClientCredentials.Method.TLS_CLIENT_AUTH,
            io.jeton.core.client.ClientCredentials.Method.SELF_SIGNED_TLS_CLIENT_AUTH)
        .certificateBoundTokens(true).build();
    stores().clients().upsert(client);

    Client found = stores().clients().find(realm, client.id()).orElseThrow();
    assertThat(found).isEqualTo(client);
    assertThat(found.isPublic()).isFalse();
    assertThat(found.certificate()).contains(pem);
    assertThat(found.allowedAuthMethods()).containsExactlyInAnyOrder(
        io.jeton.core.client.ClientCredentials.Method.TLS_CLIENT_AUTH,
        io.jeton.core.client.ClientCredentials.Method.SELF_SIGNED_TLS_CLIENT_AUTH);
    assertThat(found.certificateBoundTokens()).isTrue();
  }

  @Test
  void client_public_roundTripsEmptyOptionalsAndSets() {
    RealmName realm = TestRealms.uniqueName();
    Client client = TestClients.publicClient(realm).grants().build();
    stores().clients().upsert(client);

    Client found = stores().clients().find(realm, client.id()).orElseThrow();
    assertThat(found).isEqualTo(client);
    assertThat(found.isPublic()).isTrue();
    assertThat(found.certificateSubject()).isEmpty();
    assertThat(found.grants()).isEmpty();
    assertThat(found.scopes()).isEmpty();
  }

  @Test
  void client_withJwksAndResources_roundTripsThemAndIsNotPublic() {
    RealmName realm = TestRealms.uniqueName();
    String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + TRICKY.substring(0, 5)
        + "\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";
    Client client = TestClients.publicClient(realm).grants(GrantType.CLIENT_CREDENTIALS).jwks(jwks)
        .resources("https://api.example.com/", "urn:x:" + TRICKY).build();
    stores().clients().upsert(client);

    Client found = stores().clients().find(realm, client.id()).orElseThrow();
    assertThat(found).isEqualTo(client);
    assertThat(found.jwks()).contains(jwks);
    assertThat(found.resources()).containsExactlyInAnyOrder("https://api.example.com/", "urn:x:" + TRICKY);
    assertThat(found.isPublic()).isFalse();
  }

  @Test
  void client_upsertExisting_replacesEveryField() {
    RealmName realm = TestRealms.uniqueName();
    stores().clients().upsert(TestClients.confidential(realm).scopes("a", "b").certificateSubject("CN=x").build());
    Client replacement = TestClients.publicClient(realm).scopes("c").build();
    stores().clients().upsert(replacement);

    assertThat(stores().clients().find(realm, replacement.id())).contains(replacement);
    assertThat(stores().clients().list(realm)).containsExactly(replacement);
  }

  @Test
  void client_sameIdInOtherRealm_isSeparate() {
    RealmName one = TestRealms.uniqueName();
    RealmName two = TestRealms.uniqueName();
    Client first = TestClients.confidential(one).scopes("one").build();
    Client second = TestClients.confidential(two).scopes("two").build();
    stores().clients().upsert(first);
    stores().clients().upsert(second);

    assertThat(stores().clients().find(one, ClientId.of("app"))).contains(first);
    assertThat(stores().clients().find(two, ClientId.of("app"))).contains(second);
    assertThat(stores().clients().find(TestRealms.uniqueName(), ClientId.of("app"))).isEmpty();
  }

  @Test
  void client_list_returnsOnlyThatRealm() {
    RealmName realm = TestRealms.uniqueName();
    Client a = TestClients.confidential(realm).id("a").build();
    Client b = TestClients.publicClient(realm).id("b").build();
    stores().clients().upsert(a);
    stores().clients().upsert(b);
    stores().clients().upsert(TestClients.confidential(TestRealms.uniqueName()).id("c").build());

    assertThat(stores().clients().list(realm)).containsExactlyInAnyOrder(a, b);
    assertThat(stores().clients().list(TestRealms.uniqueName())).isEmpty();
  }

  // ---------------------------------------------------------------- users

  @Test
  void user_everyFieldSet_roundTripsWithRoleOrder() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).username("\u00e9l\u00e8ve-\ud83d\udd11").roles("zeta", "alpha", "mu", TRICKY)
        .attribute("customerId", "c-1").attribute("accountId", "").attribute(TRICKY, TRICKY).build();
    stores().users().upsert(user);

    User found = stores().users().findById(realm, user.id()).orElseThrow();
    assertThat(found).isEqualTo(user);
    assertThat(found.roles()).containsExactly("zeta", "alpha", "mu", TRICKY);
    assertThat(found.attribute("accountId")).contains("");
    assertThat(stores().users().findByUsername(realm, user.username())).contains(user);
  }

  @Test
  void user_withoutPasswordDisabledAndEmpty_roundTrips() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).noPassword().disabled().build();
    stores().users().upsert(user);

    User found = stores().users().findById(realm, user.id()).orElseThrow();
    assertThat(found).isEqualTo(user);
    assertThat(found.passwordHash()).isEmpty();
    assertThat(found.enabled()).isFalse();
    assertThat(found.roles()).isEmpty();
    assertThat(found.attributes()).isEmpty();
  }

  @Test
  void user_unknownOrOtherRealm_isEmpty() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);

    assertThat(stores().users().findByUsername(realm, user.username() + "x")).isEmpty();
    assertThat(stores().users().findByUsername(TestRealms.uniqueName(), user.username())).isEmpty();
    assertThat(stores().users().findById(TestRealms.uniqueName(), user.id())).isEmpty();
    assertThat(stores().users().findById(realm, UserId.of("nobody"))).isEmpty();
  }

  @Test
  void user_upsertExisting_replacesRolesAndAttributesWhole() {
    RealmName realm = TestRealms.uniqueName();
    User first = TestUsers.user(realm).id("u1").username("alice").roles("a", "b").attribute("x", "1")
        .attribute("y", "2").build();
    stores().users().upsert(first);
    User second = TestUsers.user(realm).id("u1").username("alice").noPassword().roles("c").attribute("z", "3")
        .build();
    stores().users().upsert(second);

    assertThat(stores().users().findById(realm, UserId.of("u1"))).contains(second);
  }

  @Test
  void user_renamed_isFoundOnlyByNewUsername() {
    RealmName realm = TestRealms.uniqueName();
    stores().users().upsert(TestUsers.user(realm).id("u1").username("old-name").build());
    User renamed = TestUsers.user(realm).id("u1").username("new-name").build();
    stores().users().upsert(renamed);

    assertThat(stores().users().findByUsername(realm, "old-name")).isEmpty();
    assertThat(stores().users().findByUsername(realm, "new-name")).contains(renamed);
  }

  @Test
  void user_sameUsernameOtherId_isRefusedAndKeepsTheFirst() {
    RealmName realm = TestRealms.uniqueName();
    User first = TestUsers.user(realm).id("u1").username("bob").build();
    stores().users().upsert(first);

    assertThatThrownBy(() -> stores().users().upsert(TestUsers.user(realm).id("u2").username("bob").build()))
        .isInstanceOf(RuntimeException.class);
    assertThat(stores().users().findByUsername(realm, "bob")).contains(first);
    assertThat(stores().users().findById(realm, UserId.of("u2"))).isEmpty();
  }

  @Test
  void user_sameUsernameInOtherRealm_isAllowed() {
    User a = TestUsers.user(TestRealms.uniqueName()).username("carol").build();
    User b = TestUsers.user(TestRealms.uniqueName()).username("carol").build();
    stores().users().upsert(a);
    stores().users().upsert(b);

    assertThat(stores().users().findByUsername(a.realm(), "carol")).contains(a);
    assertThat(stores().users().findByUsername(b.realm(), "carol")).contains(b);
  }

  @Test
  void user_hugeAttribute_eitherRoundTripsOrIsRefusedWithoutChange() {
    RealmName realm = TestRealms.uniqueName();
    User first = TestUsers.user(realm).id("u1").username("dave").attribute("k", "v").build();
    stores().users().upsert(first);
    User huge = TestUsers.user(realm).id("u1").username("dave").attribute("k", "\ud83d\udd11".repeat(600_000))
        .build();

    try {
      stores().users().upsert(huge);
      assertThat(stores().users().findById(realm, UserId.of("u1"))).contains(huge);
    } catch (RuntimeException refused) {
      assertThat(stores().users().findById(realm, UserId.of("u1"))).contains(first);
    }
  }

  @Test
  void user_nulCharacter_eitherRoundTripsOrIsRefusedWithoutChange() {
    RealmName realm = TestRealms.uniqueName();
    User first = TestUsers.user(realm).id("u1").username("erin").build();
    stores().users().upsert(first);
    User hostile = TestUsers.user(realm).id("u1").username("erin").roles("a\u0000b").attribute("k\u0000", "v")
        .build();

    try {
      stores().users().upsert(hostile);
      assertThat(stores().users().findById(realm, UserId.of("u1"))).contains(hostile);
    } catch (RuntimeException refused) {
      assertThat(stores().users().findById(realm, UserId.of("u1"))).contains(first);
    }
  }

  @Test
  void user_delete_returnsWhetherItDeleted() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);

    assertThat(stores().users().delete(realm, user.id())).isTrue();
    assertThat(stores().users().findById(realm, user.id())).isEmpty();
    assertThat(stores().users().findByUsername(realm, user.username())).isEmpty();
    assertThat(stores().users().delete(realm, user.id())).isFalse();
  }

  @Test
  void user_delete_keepsSessions() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);
    Session session = TestSessions.session(realm).user(user.id()).build();
    stores().sessions().create(session, TestSessions.firstToken(session));

    stores().users().delete(realm, user.id());

    assertThat(stores().sessions().find(realm, session.id())).contains(session);
  }

  // ---------------------------------------------------------------- sessions

  @Test
  void session_withResources_roundTripsThemInOrderThroughFindAndTheRefreshLookup() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).resources("https://b.example/api", "https://a.example/?q=" + TRICKY)
        .build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);

    assertThat(stores().sessions().find(realm, session.id()).orElseThrow().resources())
        .containsExactly("https://b.example/api", "https://a.example/?q=" + TRICKY);
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().session()).isEqualTo(session);
  }

  /**
   * The refresh lookup reads the session's user in the same statement (the refresh grant decides on
   * it): as stored at that moment, disabled once disabled, gone once deleted, and never a user of
   * the same id in another realm.
   */
  @Test
  void refreshLookup_carriesTheSessionsUserAsStoredNow_andNoneOnceDeleted() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);
    RealmName other = TestRealms.uniqueName();
    stores().users().upsert(new User(other, user.id(), "mallory", user.passwordHash(), true, List.of("ADMIN"),
        Map.of()));
    Session session = TestSessions.session(realm).user(user.id()).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);

    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().user()).contains(user);

    User disabled = new User(realm, user.id(), user.username(), user.passwordHash(), false, user.roles(),
        user.attributes());
    stores().users().upsert(disabled);
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().user()).contains(disabled);

    stores().users().delete(realm, user.id());
    RefreshLookup gone = stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow();
    assertThat(gone.user()).isEmpty();
    assertThat(gone.session()).isEqualTo(session);
  }

  @Test
  void session_created_roundTripsEveryField() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).client(ClientId.of("web")).authService("ldap-" + TRICKY)
        .scope("openid", "profile", TRICKY).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);

    Session found = stores().sessions().find(realm, session.id()).orElseThrow();
    assertThat(found).isEqualTo(session);
    assertThat(found.revokedAt()).isEmpty();
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()))
        .contains(new RefreshLookup(first, session, Optional.empty()));
  }

  @Test
  void session_createdRevokedWithEmptyScope_roundTrips() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).authService("").revokedAt(NOW.plusSeconds(1)).build();
    stores().sessions().create(session, TestSessions.firstToken(session));

    assertThat(stores().sessions().find(realm, session.id())).contains(session);
  }

  @Test
  void session_instantsWithMicroseconds_keepAtLeastTheMillisecond() {
    RealmName realm = TestRealms.uniqueName();
    Instant created = NOW.plusNanos(123_456_789);
    Session session = TestSessions.session(realm).createdAt(created).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);

    Session found = stores().sessions().find(realm, session.id()).orElseThrow();
    assertThat(found.createdAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(created.truncatedTo(ChronoUnit.MILLIS));
    assertThat(found.expiresAt().truncatedTo(ChronoUnit.MILLIS))
        .isEqualTo(session.expiresAt().truncatedTo(ChronoUnit.MILLIS));
    RefreshToken token = stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token();
    assertThat(token.issuedAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(created.truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void session_hostileValues_eitherRoundTripOrWriteNothing() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).authService("svc-" + "\u00e9".repeat(5000))
        .scope("nul\u0000byte", "x".repeat(100_000)).build();
    RefreshToken first = TestSessions.firstToken(session);

    try {
      stores().sessions().create(session, first);
      assertThat(stores().sessions().find(realm, session.id())).contains(session);
    } catch (RuntimeException refused) {
      assertThat(stores().sessions().find(realm, session.id())).isEmpty();
      assertThat(stores().sessions().findRefreshToken(realm, first.hash())).isEmpty();
    }
  }

  @Test
  void session_unknownOrOtherRealm_isEmpty() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);

    assertThat(stores().sessions().find(realm, SessionId.of("nope"))).isEmpty();
    assertThat(stores().sessions().find(TestRealms.uniqueName(), session.id())).isEmpty();
    assertThat(stores().sessions().findRefreshToken(TestRealms.uniqueName(), first.hash())).isEmpty();
    assertThat(stores().sessions().findRefreshToken(realm, TestTokens.hash())).isEmpty();
  }

  @Test
  void session_firstTokenHashTaken_isRefusedAndWritesNoSession() {
    RealmName realm = TestRealms.uniqueName();
    Session one = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(one);
    stores().sessions().create(one, first);
    Session two = TestSessions.session(realm).build();

    assertThatThrownBy(() -> stores().sessions().create(two, TestSessions.token(two, first.hash(), NOW)))
        .isInstanceOf(RuntimeException.class);
    assertThat(stores().sessions().find(realm, two.id())).isEmpty();
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().session()).isEqualTo(one);
  }

  @Test
  void findRefreshToken_afterRotation_showsUseAndSuccessorAndTheSession() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).scope("a").build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);
    Instant usedAt = NOW.plusSeconds(60);
    RefreshToken next = TestSessions.successor(session, usedAt);

    assertThat(stores().sessions().rotate(realm, first.hash(), usedAt, next)).isTrue();

    RefreshLookup used = stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow();
    assertThat(used.token()).isEqualTo(new RefreshToken(realm, first.hash(), session.id(), first.clientId(),
        first.issuedAt(), first.expiresAt(), Optional.of(usedAt), Optional.of(next.hash())));
    assertThat(used.session()).isEqualTo(session);
    assertThat(stores().sessions().findRefreshToken(realm, next.hash())).contains(new RefreshLookup(next, session, Optional.empty()));
  }

  @Test
  void refreshToken_boundToDpopKey_roundTripsThroughCreateAndRotate() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
    RefreshToken first = TestSessions.firstToken(session).boundTo(Optional.of(jkt));
    stores().sessions().create(session, first);
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token().dpopJkt())
        .contains(jkt);

    Instant usedAt = NOW.plusSeconds(60);
    RefreshToken next = TestSessions.successor(session, usedAt).boundTo(Optional.of(jkt));
    assertThat(stores().sessions().rotate(realm, first.hash(), usedAt, next)).isTrue();

    assertThat(stores().sessions().findRefreshToken(realm, next.hash())).contains(new RefreshLookup(next, session, Optional.empty()));
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token())
        .isEqualTo(first.withUse(usedAt, next.hash()));
  }

  @Test
  void refreshToken_unbound_roundTripsWithoutDpopKey() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);

    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token().dpopJkt()).isEmpty();
  }

  @Test
  void rotate_sameTokenTwice_secondReturnsFalseAndWritesNothing() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);
    RefreshToken winner = TestSessions.successor(session, NOW.plusSeconds(1));
    RefreshToken loser = TestSessions.successor(session, NOW.plusSeconds(2));

    assertThat(stores().sessions().rotate(realm, first.hash(), NOW.plusSeconds(1), winner)).isTrue();
    assertThat(stores().sessions().rotate(realm, first.hash(), NOW.plusSeconds(2), loser)).isFalse();

    RefreshToken used = stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token();
    assertThat(used.usedAt()).contains(NOW.plusSeconds(1));
    assertThat(used.successor()).contains(winner.hash());
    assertThat(stores().sessions().findRefreshToken(realm, loser.hash())).isEmpty();
  }

  @Test
  void rotate_successorOfSuccessor_chains() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);
    RefreshToken second = TestSessions.successor(session, NOW.plusSeconds(1));
    RefreshToken third = TestSessions.successor(session, NOW.plusSeconds(2));

    assertThat(stores().sessions().rotate(realm, first.hash(), NOW.plusSeconds(1), second)).isTrue();
    assertThat(stores().sessions().rotate(realm, second.hash(), NOW.plusSeconds(2), third)).isTrue();

    assertThat(stores().sessions().findRefreshToken(realm, second.hash()).orElseThrow().token().successor())
        .contains(third.hash());
    assertThat(stores().sessions().findRefreshToken(realm, third.hash()).orElseThrow().token().usedAt()).isEmpty();
  }

  @Test
  void rotate_unknownTokenOrOtherRealm_returnsFalseAndWritesNothing() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);
    RefreshToken next = TestSessions.successor(session, NOW);

    assertThat(stores().sessions().rotate(realm, TestTokens.hash(), NOW, next)).isFalse();
    assertThat(stores().sessions().findRefreshToken(realm, next.hash())).isEmpty();

    RealmName other = TestRealms.uniqueName();
    Session foreign = TestSessions.session(other).id(session.id().value()).build();
    stores().sessions().create(foreign, TestSessions.firstToken(foreign));
    RefreshToken foreignNext = TestSessions.successor(foreign, NOW);
    assertThat(stores().sessions().rotate(other, first.hash(), NOW, foreignNext)).isFalse();
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token().usedAt()).isEmpty();
  }

  @Test
  void rotate_successorHashTaken_failsAndLeavesTheTokenUnused() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);
    Session other = TestSessions.session(realm).build();
    RefreshToken taken = TestSessions.firstToken(other);
    stores().sessions().create(other, taken);

    assertThatThrownBy(() -> stores().sessions().rotate(realm, first.hash(), NOW,
        TestSessions.token(session, taken.hash(), NOW))).isInstanceOf(RuntimeException.class);

    RefreshToken after = stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token();
    assertThat(after.usedAt()).isEmpty();
    assertThat(after.successor()).isEmpty();
    assertThat(stores().sessions().findRefreshToken(realm, taken.hash()).orElseThrow().session()).isEqualTo(other);
    RefreshToken retry = TestSessions.successor(session, NOW);
    assertThat(stores().sessions().rotate(realm, first.hash(), NOW, retry)).isTrue();
  }

  @Test
  void rotate_fiftyConcurrentCallers_exactlyOneWinsAndOneSuccessorIsStored() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);
    int callers = 50;
    List<RefreshToken> successors = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      successors.add(TestSessions.successor(session, NOW.plusMillis(i)));
    }

    List<Boolean> results = race(callers, i -> stores().sessions().rotate(realm, first.hash(), NOW.plusMillis(i),
        successors.get(i)));

    assertThat(results.stream().filter(Boolean::booleanValue)).hasSize(1);
    int winner = results.indexOf(true);
    List<RefreshToken> stored = successors.stream()
        .filter(s -> stores().sessions().findRefreshToken(realm, s.hash()).isPresent()).toList();
    assertThat(stored).containsExactly(successors.get(winner));
    RefreshToken used = stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().token();
    assertThat(used.successor()).contains(successors.get(winner).hash());
    assertThat(used.usedAt()).contains(NOW.plusMillis(winner));
  }

  @Test
  void sessionRevoke_liveSession_returnsTrueOnceAndKeepsFirstTime() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);

    assertThat(stores().sessions().revoke(realm, session.id(), NOW.plusSeconds(5))).isTrue();
    assertThat(stores().sessions().revoke(realm, session.id(), NOW.plusSeconds(9))).isFalse();

    assertThat(stores().sessions().find(realm, session.id()).orElseThrow().revokedAt()).contains(NOW.plusSeconds(5));
    assertThat(stores().sessions().findRefreshToken(realm, first.hash()).orElseThrow().session().revokedAt())
        .contains(NOW.plusSeconds(5));
  }

  @Test
  void sessionRevoke_unknownOrOtherRealm_returnsFalse() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    stores().sessions().create(session, TestSessions.firstToken(session));

    assertThat(stores().sessions().revoke(realm, SessionId.of("nope"), NOW)).isFalse();
    assertThat(stores().sessions().revoke(TestRealms.uniqueName(), session.id(), NOW)).isFalse();
    assertThat(stores().sessions().find(realm, session.id()).orElseThrow().revokedAt()).isEmpty();
  }

  // ---------------------------------------------------------------- session cap (SPEC 7)

  @Test
  void createCapped_underCapAndUserWithoutRow_createsAndRevokesNothing() {
    RealmName realm = TestRealms.uniqueName();
    Session one = TestSessions.session(realm).user(UserId.of("no-row")).build();
    Session two = TestSessions.session(realm).user(one.userId()).createdAt(NOW.plusSeconds(1)).build();

    assertThat(stores().sessions().createCapped(one, TestSessions.firstToken(one), 2)).isEmpty();
    assertThat(stores().sessions().createCapped(two, TestSessions.firstToken(two), 2)).isEmpty();

    assertThat(stores().sessions().find(realm, one.id())).contains(one);
    assertThat(stores().sessions().find(realm, two.id())).contains(two);
  }

  @Test
  void createCapped_beyondCap_revokesOnlyTheUsersOldestLiveSessions() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);
    Session expired = TestSessions.session(realm).user(user.id()).createdAt(NOW.minusSeconds(100))
        .maxTtl(Duration.ofSeconds(50)).build();
    Session revoked = TestSessions.session(realm).user(user.id()).createdAt(NOW.minusSeconds(90))
        .revokedAt(NOW.minusSeconds(80)).build();
    Session oldest = TestSessions.session(realm).user(user.id()).createdAt(NOW).build();
    Session older = TestSessions.session(realm).user(user.id()).createdAt(NOW.plusSeconds(1)).build();
    Session newest = TestSessions.session(realm).user(user.id()).createdAt(NOW.plusSeconds(2)).build();
    Session otherUser = TestSessions.session(realm).createdAt(NOW.minusSeconds(10)).build();
    Session otherRealm = TestSessions.session(TestRealms.uniqueName()).user(user.id()).build();
    for (Session s : List.of(expired, revoked, oldest, older, newest, otherUser, otherRealm)) {
      stores().sessions().create(s, TestSessions.firstToken(s));
    }
    Instant at = NOW.plusSeconds(3);
    Session login = TestSessions.session(realm).user(user.id()).createdAt(at).build();
    RefreshToken first = TestSessions.firstToken(login);

    List<SessionId> evicted = stores().sessions().createCapped(login, first, 2);

    assertThat(evicted).containsExactly(oldest.id(), older.id());
    assertThat(stores().sessions().find(realm, oldest.id()).orElseThrow().revokedAt()).contains(at);
    assertThat(stores().sessions().find(realm, older.id()).orElseThrow().revokedAt()).contains(at);
    assertThat(stores().sessions().find(realm, newest.id())).contains(newest);
    assertThat(stores().sessions().findRefreshToken(realm, first.hash())).contains(new RefreshLookup(first, login, Optional.of(user)));
    assertThat(stores().sessions().find(realm, revoked.id())).contains(revoked);
    assertThat(stores().sessions().find(realm, expired.id())).contains(expired);
    assertThat(stores().sessions().find(realm, otherUser.id())).contains(otherUser);
    assertThat(stores().sessions().find(otherRealm.realm(), otherRealm.id())).contains(otherRealm);
  }

  @Test
  void createCapped_capOne_revokesEveryOtherLiveSession() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);
    Session before = TestSessions.session(realm).user(user.id()).build();
    stores().sessions().create(before, TestSessions.firstToken(before));
    Session login = TestSessions.session(realm).user(user.id()).createdAt(NOW.plusSeconds(1)).build();

    assertThat(stores().sessions().createCapped(login, TestSessions.firstToken(login), 1))
        .containsExactly(before.id());
    assertThatThrownBy(() -> stores().sessions().createCapped(TestSessions.session(realm).build(),
        TestSessions.firstToken(login), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void createCapped_refreshHashTaken_isRefusedAndRevokesNothing() {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);
    Session live = TestSessions.session(realm).user(user.id()).build();
    RefreshToken taken = TestSessions.firstToken(live);
    stores().sessions().create(live, taken);
    Session login = TestSessions.session(realm).user(user.id()).createdAt(NOW.plusSeconds(1)).build();

    assertThatThrownBy(() -> stores().sessions().createCapped(login, TestSessions.token(login, taken.hash(), NOW),
        1)).isInstanceOf(RuntimeException.class);

    assertThat(stores().sessions().find(realm, live.id())).contains(live);
    assertThat(stores().sessions().find(realm, login.id())).isEmpty();
  }

  @Test
  void createCapped_twentyParallelLoginsOfOneUserWithCapTwo_leaveExactlyTwoLive() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    User user = TestUsers.user(realm).build();
    stores().users().upsert(user);
    int logins = 20;
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < logins; i++) {
      sessions.add(TestSessions.session(realm).user(user.id()).build());
    }

    List<List<SessionId>> evicted = race(logins, i -> stores().sessions().createCapped(sessions.get(i),
        TestSessions.firstToken(sessions.get(i)), 2));

    List<SessionId> live = sessions.stream()
        .filter(s -> stores().sessions().find(realm, s.id()).orElseThrow().isLive(NOW)).map(Session::id).toList();
    assertThat(live).hasSize(2);
    List<SessionId> allEvicted = evicted.stream().flatMap(List::stream).toList();
    assertThat(allEvicted).hasSize(logins - 2).doesNotHaveDuplicates().doesNotContainAnyElementsOf(live);
  }

  // ---------------------------------------------------------------- revocations

  @Test
  void revokeAccessToken_twice_recordsOneEntry() {
    RealmName realm = TestRealms.uniqueName();
    long before = lastSeq();
    Instant exp = NOW.plusSeconds(3600);

    stores().revocations().revokeAccessToken(realm, "jti-1", exp);
    stores().revocations().revokeAccessToken(realm, "jti-1", exp.plusSeconds(1));

    List<RevocationEntry> entries = entriesSince(before, realm);
    assertThat(entries).hasSize(1);
    RevocationEntry e = entries.getFirst();
    assertThat(e.seq()).isGreaterThan(before);
    assertThat(e).isEqualTo(new RevocationEntry(e.seq(), realm, RevocationEntry.Kind.ACCESS_TOKEN, "jti-1", exp));
  }

  @Test
  void revokeAccessToken_sameJtiOtherRealmOrKind_isSeparate() {
    RealmName one = TestRealms.uniqueName();
    RealmName two = TestRealms.uniqueName();
    long before = lastSeq();

    stores().revocations().revokeAccessToken(one, "same", NOW.plusSeconds(60));
    stores().revocations().revokeAccessToken(two, "same", NOW.plusSeconds(60));
    Session session = TestSessions.session(one).id("same").build();
    stores().sessions().create(session, TestSessions.firstToken(session));
    stores().revocations().revokeSession(one, session.id(), NOW, NOW.plusSeconds(60));

    assertThat(entriesSince(before, one)).extracting(RevocationEntry::kind)
        .containsExactly(RevocationEntry.Kind.ACCESS_TOKEN, RevocationEntry.Kind.SESSION);
    assertThat(entriesSince(before, two)).hasSize(1);
  }

  @Test
  void revokeSession_existing_marksSessionAndAddsSessionEntry() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    stores().sessions().create(session, TestSessions.firstToken(session));
    long before = lastSeq();

    assertThat(stores().revocations().revokeSession(realm, session.id(), NOW.plusSeconds(7), NOW.plusSeconds(99)))
        .isTrue();

    assertThat(stores().sessions().find(realm, session.id()).orElseThrow().revokedAt()).contains(NOW.plusSeconds(7));
    List<RevocationEntry> entries = entriesSince(before, realm);
    assertThat(entries).hasSize(1);
    assertThat(entries.getFirst()).isEqualTo(new RevocationEntry(entries.getFirst().seq(), realm,
        RevocationEntry.Kind.SESSION, session.id().value(), NOW.plusSeconds(99)));
  }

  @Test
  void revokeSession_twice_keepsOneEntryAndTheFirstTime() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    stores().sessions().create(session, TestSessions.firstToken(session));
    long before = lastSeq();

    assertThat(stores().revocations().revokeSession(realm, session.id(), NOW.plusSeconds(1), NOW.plusSeconds(60)))
        .isTrue();
    assertThat(stores().revocations().revokeSession(realm, session.id(), NOW.plusSeconds(2), NOW.plusSeconds(60)))
        .isTrue();

    assertThat(entriesSince(before, realm)).hasSize(1);
    assertThat(stores().sessions().find(realm, session.id()).orElseThrow().revokedAt()).contains(NOW.plusSeconds(1));
  }

  @Test
  void revokeSession_alreadyRevokedBySessionStore_stillAddsTheEntry() {
    RealmName realm = TestRealms.uniqueName();
    Session session = TestSessions.session(realm).build();
    stores().sessions().create(session, TestSessions.firstToken(session));
    stores().sessions().revoke(realm, session.id(), NOW.plusSeconds(1));
    long before = lastSeq();

    assertThat(stores().revocations().revokeSession(realm, session.id(), NOW.plusSeconds(2), NOW.plusSeconds(60)))
        .isTrue();

    assertThat(entriesSince(before, realm)).extracting(RevocationEntry::value).containsExactly(session.id().value());
    assertThat(stores().sessions().find(realm, session.id()).orElseThrow().revokedAt()).contains(NOW.plusSeconds(1));
  }

  @Test
  void revokeSession_unknown_returnsFalseAndWritesNothing() {
    RealmName realm = TestRealms.uniqueName();
    long before = lastSeq();

    assertThat(stores().revocations().revokeSession(realm, SessionId.of("ghost"), NOW, NOW.plusSeconds(60)))
        .isFalse();

    assertThat(entriesSince(before, realm)).isEmpty();
  }

  @Test
  void since_pagesInIncreasingSeqOrder() {
    RealmName realm = TestRealms.uniqueName();
    long before = lastSeq();
    for (int i = 0; i < 5; i++) {
      stores().revocations().revokeAccessToken(realm, "jti-" + i, NOW.plusSeconds(i));
    }

    List<RevocationEntry> page1 = stores().revocations().since(before, 2);
    List<RevocationEntry> page2 = stores().revocations().since(page1.getLast().seq(), 2);
    List<RevocationEntry> page3 = stores().revocations().since(page2.getLast().seq(), 2);
    List<RevocationEntry> page4 = stores().revocations().since(page3.getLast().seq(), 2);

    assertThat(page1).hasSize(2);
    assertThat(page2).hasSize(2);
    assertThat(page3).hasSize(1);
    assertThat(page4).isEmpty();
    List<RevocationEntry> all = new ArrayList<>(page1);
    all.addAll(page2);
    all.addAll(page3);
    assertThat(all).extracting(RevocationEntry::value).containsExactly("jti-0", "jti-1", "jti-2", "jti-3", "jti-4");
    assertThat(all).extracting(RevocationEntry::seq).isSorted().doesNotHaveDuplicates()
        .allMatch(seq -> seq > before);
    assertThat(all).extracting(RevocationEntry::expiresAt)
        .containsExactly(NOW, NOW.plusSeconds(1), NOW.plusSeconds(2), NOW.plusSeconds(3), NOW.plusSeconds(4));
  }

  @Test
  void withSeqs_returnsTheExistingOnesInOrder() {
    RealmName realm = TestRealms.uniqueName();
    long before = lastSeq();
    for (int i = 0; i < 3; i++) {
      stores().revocations().revokeAccessToken(realm, "w-" + i, NOW.plusSeconds(60));
    }
    List<RevocationEntry> stored = entriesSince(before, realm);
    List<Long> asked = new ArrayList<>();
    for (long s = 1; s <= 250; s++) {
      asked.add(Long.MAX_VALUE - s); // never handed out: more than one statement's worth of numbers
    }
    asked.add(stored.get(2).seq());
    asked.add(stored.get(0).seq());

    assertThat(stores().revocations().withSeqs(asked)).containsExactly(stored.get(0), stored.get(2));
    assertThat(stores().revocations().withSeqs(List.of())).isEmpty();
  }

  @Test
  void purgeExpired_deletesOnlyThatRealmsExpiredEntriesUpToTheLimit() {
    RealmName realm = TestRealms.uniqueName();
    RealmName other = TestRealms.uniqueName();
    Instant old = Instant.parse("1980-01-01T00:00:00Z");
    Instant cutoff = Instant.parse("1990-01-01T00:00:00Z");
    long before = lastSeq();
    for (int i = 0; i < 3; i++) {
      stores().revocations().revokeAccessToken(realm, "old-" + i, old.plusSeconds(i));
    }
    stores().revocations().revokeAccessToken(realm, "at-cutoff", cutoff);
    stores().revocations().revokeAccessToken(realm, "live", NOW.plusSeconds(3600));
    stores().revocations().revokeAccessToken(other, "old-0", old);

    assertThat(stores().revocations().purgeExpired(realm, cutoff, 2)).isEqualTo(2);
    assertThat(stores().revocations().purgeExpired(realm, cutoff, 10)).isEqualTo(1);
    assertThat(stores().revocations().purgeExpired(realm, cutoff, 10)).isZero();

    assertThat(entriesSince(before, realm)).extracting(RevocationEntry::value)
        .containsExactly("at-cutoff", "live");
    assertThat(entriesSince(before, other)).extracting(RevocationEntry::value).containsExactly("old-0");
  }

  // ---------------------------------------------------------------- purging sessions and refresh tokens

  @Test
  void purgeEnded_deletesSessionsExpiredOrRevokedBeforeTheCutoffWithTheirTokens() {
    RealmName realm = TestRealms.uniqueName();
    RealmName other = TestRealms.uniqueName();
    Instant old = Instant.parse("1980-01-01T00:00:00Z");
    Instant cutoff = Instant.parse("1990-01-01T00:00:00Z");
    List<RefreshToken> gone = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Session expired = TestSessions.session(realm).createdAt(old.plusSeconds(i)).maxTtl(Duration.ofDays(1)).build();
      gone.add(create(expired));
    }
    Session revokedLongAgo = TestSessions.session(realm).createdAt(old).maxTtl(Duration.ofDays(36500))
        .revokedAt(old.plusSeconds(5)).build();
    gone.add(create(revokedLongAgo));
    Session live = TestSessions.session(realm).build();
    RefreshToken liveToken = create(live);
    Session revokedRecently = TestSessions.session(realm).revokedAt(NOW).build();
    create(revokedRecently);
    Session endsAtCutoff = TestSessions.session(realm).createdAt(cutoff.minus(Duration.ofDays(1)))
        .maxTtl(Duration.ofDays(1)).build();
    create(endsAtCutoff);
    Session otherRealms = TestSessions.session(other).createdAt(old).maxTtl(Duration.ofDays(1)).build();
    create(otherRealms);

    assertThat(stores().sessions().purgeEnded(realm, cutoff, 3)).isEqualTo(3);
    assertThat(stores().sessions().purgeEnded(realm, cutoff, 10)).isEqualTo(1);
    assertThat(stores().sessions().purgeEnded(realm, cutoff, 10)).isZero();

    for (RefreshToken t : gone) {
      assertThat(stores().sessions().find(realm, t.sessionId())).isEmpty();
      assertThat(stores().sessions().findRefreshToken(realm, t.hash())).isEmpty();
    }
    assertThat(stores().sessions().find(realm, live.id())).contains(live);
    assertThat(stores().sessions().findRefreshToken(realm, liveToken.hash())).isPresent();
    assertThat(stores().sessions().find(realm, revokedRecently.id())).isPresent();
    assertThat(stores().sessions().find(realm, endsAtCutoff.id())).isPresent();
    assertThat(stores().sessions().find(other, otherRealms.id())).isPresent();
  }

  @Test
  void purgeExpiredRefreshTokens_deletesExpiredOnesUsedOrNotAndKeepsTheRest() {
    RealmName realm = TestRealms.uniqueName();
    Instant old = Instant.parse("1980-01-01T00:00:00Z");
    Instant cutoff = Instant.parse("1990-01-01T00:00:00Z");
    Session session = TestSessions.session(realm).createdAt(old).maxTtl(Duration.ofDays(36500)).build();
    RefreshToken first = create(session);
    RefreshToken second = TestSessions.successor(session, old.plusSeconds(60));
    assertThat(stores().sessions().rotate(realm, first.hash(), old.plusSeconds(60), second)).isTrue();
    RefreshToken third = TestSessions.successor(session, NOW);
    assertThat(stores().sessions().rotate(realm, second.hash(), NOW, third)).isTrue();
    Session other = TestSessions.session(TestRealms.uniqueName()).createdAt(old).build();
    RefreshToken othersToken = create(other);

    assertThat(stores().sessions().purgeExpiredRefreshTokens(realm, cutoff, 1)).isEqualTo(1);
    assertThat(stores().sessions().purgeExpiredRefreshTokens(realm, cutoff, 10)).isEqualTo(1);
    assertThat(stores().sessions().purgeExpiredRefreshTokens(realm, cutoff, 10)).isZero();

    assertThat(stores().sessions().findRefreshToken(realm, first.hash())).isEmpty();
    assertThat(stores().sessions().findRefreshToken(realm, second.hash())).isEmpty();
    assertThat(stores().sessions().findRefreshToken(realm, third.hash())).isPresent();
    assertThat(stores().sessions().find(realm, session.id())).isPresent();
    assertThat(stores().sessions().findRefreshToken(other.realm(), othersToken.hash())).isPresent();
  }

  /** Stores the session with its first token; returns the token. */
  private RefreshToken create(Session session) {
    RefreshToken first = TestSessions.firstToken(session);
    stores().sessions().create(session, first);
    return first;
  }

  // ---------------------------------------------------------------- keys

  @Test
  void keys_inserted_listOldestFirstWithEveryField() {
    RealmName realm = TestRealms.uniqueName();
    StoredKey newer = key(realm, "k-new", SigningAlgorithm.ES256, NOW.plusSeconds(10), NOW.plusSeconds(610), null, null);
    StoredKey older = key(realm, "k-old", SigningAlgorithm.RS256, NOW, NOW, NOW.plusSeconds(610),
        NOW.plusSeconds(4270));
    StoredKey hmac = new StoredKey(realm, "k-hs", SigningAlgorithm.HS256, "", new byte[] {0, -1, 127, -128},
        NOW.plusSeconds(20), NOW.plusSeconds(20), null, null);
    stores().keys().insert(newer);
    stores().keys().insert(hmac);
    stores().keys().insert(older);

    List<StoredKey> keys = stores().keys().list(realm);

    assertThat(keys).extracting(StoredKey::kid).containsExactly("k-old", "k-new", "k-hs");
    assertSameKey(keys.get(0), older);
    assertSameKey(keys.get(1), newer);
    assertSameKey(keys.get(2), hmac);
  }

  @Test
  void keys_sameKidTwice_keepsTheFirst() {
    RealmName realm = TestRealms.uniqueName();
    StoredKey first = key(realm, "k1", SigningAlgorithm.ES256, NOW);
    stores().keys().insert(first);
    stores().keys().insert(key(realm, "k1", SigningAlgorithm.EdDSA, NOW.plusSeconds(5)));

    List<StoredKey> keys = stores().keys().list(realm);
    assertThat(keys).hasSize(1);
    assertSameKey(keys.getFirst(), first);
  }

  @Test
  void keys_retire_setsRetirementAndDeletionOfThatKeyOnlyAndKeepsAnEarlierOne() {
    RealmName realm = TestRealms.uniqueName();
    stores().keys().insert(key(realm, "k1", SigningAlgorithm.ES256, NOW));
    stores().keys().insert(key(realm, "k2", SigningAlgorithm.ES256, NOW.plusSeconds(1)));
    RealmName other = TestRealms.uniqueName();
    stores().keys().insert(key(other, "k1", SigningAlgorithm.ES256, NOW));

    stores().keys().retire(realm, "k1", NOW.plusSeconds(30), NOW.plusSeconds(90));
    stores().keys().retire(realm, "k1", NOW.plusSeconds(60), NOW.plusSeconds(120));

    assertThat(stores().keys().list(realm)).extracting(StoredKey::retiredAt, StoredKey::deleteAfter)
        .containsExactly(tuple(NOW.plusSeconds(30), NOW.plusSeconds(90)), tuple(null, null));
    assertThat(stores().keys().list(other)).extracting(StoredKey::retiredAt).containsOnlyNulls();
  }

  @Test
  void keys_otherRealm_isEmpty() {
    stores().keys().insert(key(TestRealms.uniqueName(), "k1", SigningAlgorithm.ES256, NOW));

    assertThat(stores().keys().list(TestRealms.uniqueName())).isEmpty();
  }

  @Test
  void keys_rotate_addsThePendingKeyAndRetiresTheOthersAtItsActivation() {
    RealmName realm = TestRealms.uniqueName();
    stores().keys().insert(key(realm, "k0", SigningAlgorithm.ES256, NOW));
    StoredKey next = key(realm, "k1", SigningAlgorithm.ES256, NOW.plusSeconds(100), NOW.plusSeconds(700), null, null);

    assertThat(stores().keys().rotate(realm, "k0", next, Duration.ofSeconds(3660))).isTrue();

    List<StoredKey> keys = stores().keys().list(realm);
    assertThat(keys).extracting(StoredKey::kid).containsExactly("k0", "k1");
    assertSameKey(keys.get(1), next);
    assertThat(keys.get(0).retiredAt()).isEqualTo(NOW.plusSeconds(700));
    assertThat(keys.get(0).deleteAfter()).isEqualTo(NOW.plusSeconds(700 + 3660));
  }

  @Test
  void keys_rotate_keepsAnEarlierRetirementAndBringsALaterOneForward() {
    RealmName realm = TestRealms.uniqueName();
    stores().keys().insert(key(realm, "old", SigningAlgorithm.ES256, NOW, NOW, NOW.plusSeconds(10),
        NOW.plusSeconds(70)));
    stores().keys().insert(key(realm, "active", SigningAlgorithm.ES256, NOW.plusSeconds(1), NOW.plusSeconds(10),
        NOW.plusSeconds(900), NOW.plusSeconds(960)));
    stores().keys().insert(key(realm, "pending", SigningAlgorithm.ES256, NOW.plusSeconds(300), NOW.plusSeconds(900),
        null, null));
    StoredKey now = key(realm, "now", SigningAlgorithm.ES256, NOW.plusSeconds(400), NOW.plusSeconds(400), null, null);

    assertThat(stores().keys().rotate(realm, "pending", now, Duration.ofSeconds(60))).isTrue();

    assertThat(stores().keys().list(realm)).extracting(StoredKey::kid, StoredKey::retiredAt, StoredKey::deleteAfter)
        .containsExactly(
            tuple("old", NOW.plusSeconds(10), NOW.plusSeconds(70)),
            tuple("active", NOW.plusSeconds(400), NOW.plusSeconds(460)),
            tuple("pending", NOW.plusSeconds(400), NOW.plusSeconds(460)),
            tuple("now", null, null));
  }

  @Test
  void keys_rotate_staleOrUnknownNewestKid_writesNothing() {
    RealmName realm = TestRealms.uniqueName();
    stores().keys().insert(key(realm, "k0", SigningAlgorithm.ES256, NOW));
    assertThat(stores().keys().rotate(realm, "k0", key(realm, "k1", SigningAlgorithm.ES256, NOW.plusSeconds(1)),
        Duration.ofSeconds(60))).isTrue();

    assertThat(stores().keys().rotate(realm, "k0", key(realm, "k2", SigningAlgorithm.ES256, NOW.plusSeconds(2)),
        Duration.ofSeconds(60))).as("k0 is not the newest any more").isFalse();
    assertThat(stores().keys().rotate(realm, "nope", key(realm, "k3", SigningAlgorithm.ES256, NOW.plusSeconds(3)),
        Duration.ofSeconds(60))).isFalse();
    assertThat(stores().keys().rotate(TestRealms.uniqueName(), "k0", key(realm, "k4", SigningAlgorithm.ES256,
        NOW.plusSeconds(4)), Duration.ofSeconds(60))).as("a realm without keys").isFalse();

    assertThat(stores().keys().list(realm)).extracting(StoredKey::kid).containsExactly("k0", "k1");
  }

  /** Two nodes (or threads) find the same realm due for rotation: exactly one key is added. */
  @Test
  void keys_rotate_twentyRacersWithTheSameNewestKey_exactlyOneWins() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    stores().keys().insert(key(realm, "k0", SigningAlgorithm.ES256, NOW));

    List<Boolean> won = race(20, i -> stores().keys().rotate(realm, "k0",
        key(realm, "next-" + i, SigningAlgorithm.ES256, NOW.plusSeconds(10), NOW.plusSeconds(610), null, null),
        Duration.ofSeconds(3660)));

    assertThat(won).filteredOn(w -> w).hasSize(1);
    List<StoredKey> keys = stores().keys().list(realm);
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).retiredAt()).isEqualTo(NOW.plusSeconds(610));
    assertThat(keys.get(1).retiredAt()).isNull();
  }

  @Test
  void keys_schedules_everyRealmsLifecycleInRealmThenAgeOrder() {
    RealmName a = TestRealms.uniqueName();
    RealmName b = TestRealms.uniqueName();
    StoredKey a1 = key(a, "a1", SigningAlgorithm.ES256, NOW, NOW, NOW.plusSeconds(600), NOW.plusSeconds(4260));
    StoredKey a2 = key(a, "a2", SigningAlgorithm.ES256, NOW.plusSeconds(1), NOW.plusSeconds(600), null, null);
    StoredKey b1 = key(b, "b1", SigningAlgorithm.RS256, NOW);
    stores().keys().insert(a2);
    stores().keys().insert(b1);
    stores().keys().insert(a1);

    List<KeySchedule> mine = stores().keys().schedules().stream()
        .filter(s -> s.realm().equals(a) || s.realm().equals(b)).toList();

    List<KeySchedule> expected = new ArrayList<>(List.of(a1.schedule(), a2.schedule()));
    expected.add(a.value().compareTo(b.value()) < 0 ? 2 : 0, b1.schedule());
    assertThat(mine).containsExactlyElementsOf(expected);
  }

  @Test
  void keys_extendRetention_movesDeletionLaterNeverEarlier() {
    RealmName realm = TestRealms.uniqueName();
    stores().keys().insert(key(realm, "short", SigningAlgorithm.ES256, NOW, NOW, NOW.plusSeconds(100),
        NOW.plusSeconds(160)));
    stores().keys().insert(key(realm, "long", SigningAlgorithm.ES256, NOW.plusSeconds(1), NOW.plusSeconds(1),
        NOW.plusSeconds(100), NOW.plusSeconds(100_000)));
    stores().keys().insert(key(realm, "live", SigningAlgorithm.ES256, NOW.plusSeconds(2)));

    stores().keys().extendRetention(realm, Duration.ofSeconds(3660));

    assertThat(stores().keys().list(realm)).extracting(StoredKey::kid, StoredKey::deleteAfter).containsExactly(
        tuple("short", NOW.plusSeconds(100 + 3660)), tuple("long", NOW.plusSeconds(100_000)), tuple("live", null));
  }

  @Test
  void keys_purgeExpired_deletesOnlyThatRealmsKeysPastTheirDeletionInBatches() {
    RealmName realm = TestRealms.uniqueName();
    for (int i = 0; i < 3; i++) {
      stores().keys().insert(key(realm, "gone-" + i, SigningAlgorithm.ES256, NOW.plusSeconds(i), NOW,
          NOW.plusSeconds(10), NOW.plusSeconds(60)));
    }
    stores().keys().insert(key(realm, "due-now", SigningAlgorithm.ES256, NOW.plusSeconds(5), NOW,
        NOW.plusSeconds(10), NOW.plusSeconds(100)));
    stores().keys().insert(key(realm, "live", SigningAlgorithm.ES256, NOW.plusSeconds(6)));
    RealmName other = TestRealms.uniqueName();
    stores().keys().insert(key(other, "gone", SigningAlgorithm.ES256, NOW, NOW, NOW.plusSeconds(10),
        NOW.plusSeconds(60)));

    assertThat(stores().keys().purgeExpired(realm, NOW.plusSeconds(100), 2)).isEqualTo(2);
    assertThat(stores().keys().purgeExpired(realm, NOW.plusSeconds(100), 2)).isEqualTo(1);
    assertThat(stores().keys().purgeExpired(realm, NOW.plusSeconds(100), 2)).isZero();

    assertThat(stores().keys().list(realm)).extracting(StoredKey::kid).containsExactly("due-now", "live");
    assertThat(stores().keys().list(other)).hasSize(1);
  }

  // ---------------------------------------------------------------- audit

  @Test
  void audit_appended_recentReturnsNewestFirstUpToLimit() {
    String realm = TestRealms.uniqueName().value();
    for (int i = 0; i < 5; i++) {
      stores().audit().append(new AuditEvent(realm, NOW.plusSeconds(i), AuditType.REFRESH, "app", "u", "s",
          "c-" + i, "n" + i));
    }
    stores().audit().append(new AuditEvent(TestRealms.uniqueName().value(), NOW.plusSeconds(100),
        AuditType.REFRESH, "", "", "", "", "other realm"));

    assertThat(stores().audit().recent(realm, 3)).extracting(AuditEvent::detail).containsExactly("n4", "n3", "n2");
    assertThat(stores().audit().recent(realm, 100)).hasSize(5);
  }

  @Test
  void audit_appendedOutOfOrder_recentOrdersByTime() {
    String realm = TestRealms.uniqueName().value();
    stores().audit().append(new AuditEvent(realm, NOW.plusSeconds(2), AuditType.LOGIN_OK, "", "", "", "", "b"));
    stores().audit().append(new AuditEvent(realm, NOW, AuditType.LOGIN_OK, "", "", "", "", "a"));
    stores().audit().append(new AuditEvent(realm, NOW.plusSeconds(3), AuditType.LOGIN_OK, "", "", "", "", "c"));

    assertThat(stores().audit().recent(realm, 10)).extracting(AuditEvent::detail).containsExactly("c", "b", "a");
  }

  @Test
  void audit_everyField_roundTrips() {
    String realm = TestRealms.uniqueName().value();
    AuditEvent full = new AuditEvent(realm, NOW.plusMillis(123), AuditType.REFRESH_REUSE_DETECTED, "web",
        "user-1", "sid-1", "corr-1", "reuse of " + TRICKY, "alice " + TRICKY, "2001:db8::1");
    AuditEvent empty = new AuditEvent(realm, NOW, AuditType.CLIENT_AUTH_FAILED, null, null, null, null, null);
    stores().audit().append(full);
    stores().audit().append(empty);

    assertThat(stores().audit().recent(realm, 10)).containsExactly(full, empty);
  }

  @Test
  void audit_appendAll_storesEveryEventOfTheBatch() {
    String realm = TestRealms.uniqueName().value();
    List<AuditEvent> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(new AuditEvent(realm, NOW.plusSeconds(i), AuditType.REFRESH, "app", "u", "s", "c" + i, TRICKY));
    }
    stores().audit().appendAll(batch);
    stores().audit().appendAll(List.of());

    List<AuditEvent> stored = stores().audit().recent(realm, 100);
    assertThat(stored).hasSize(50);
    assertThat(stored.get(0)).isEqualTo(batch.get(49));
    assertThat(stored.get(49)).isEqualTo(batch.get(0));
  }

  @Test
  void audit_purgeBefore_deletesOnlyThatRealmsOlderEventsUpToTheLimit() {
    String realm = TestRealms.uniqueName().value();
    String other = TestRealms.uniqueName().value();
    Instant old = Instant.parse("1980-01-01T00:00:00Z");
    Instant cutoff = Instant.parse("1990-01-01T00:00:00Z");
    for (int i = 0; i < 3; i++) {
      stores().audit().append(new AuditEvent(realm, old.plusSeconds(i), AuditType.LOGIN_OK, "", "", "", "", "old"));
    }
    stores().audit().append(new AuditEvent(realm, cutoff, AuditType.LOGIN_OK, "", "", "", "", "at cutoff"));
    stores().audit().append(new AuditEvent(realm, NOW, AuditType.LOGIN_OK, "", "", "", "", "new"));
    stores().audit().append(new AuditEvent(other, old, AuditType.LOGIN_OK, "", "", "", "", "other"));

    assertThat(stores().audit().purgeBefore(realm, cutoff, 2)).isEqualTo(2);
    assertThat(stores().audit().purgeBefore(realm, cutoff, 10)).isEqualTo(1);
    assertThat(stores().audit().purgeBefore(realm, cutoff, 10)).isZero();

    assertThat(stores().audit().recent(realm, 10)).extracting(AuditEvent::detail).containsExactly("new", "at cutoff");
    assertThat(stores().audit().recent(other, 10)).extracting(AuditEvent::detail).containsExactly("other");
  }

  @Test
  void audit_unknownRealm_isEmpty() {
    assertThat(stores().audit().recent(TestRealms.uniqueName().value(), 10)).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  /** The highest sequence number stored so far (0 when there is none). */
  protected long lastSeq() {
    long last = 0;
    while (true) {
      List<RevocationEntry> page = stores().revocations().since(last, 1000);
      if (page.isEmpty()) {
        return last;
      }
      last = page.getLast().seq();
    }
  }

  /** Entries of {@code realm} with a sequence number above {@code afterSeq}, in order. */
  protected List<RevocationEntry> entriesSince(long afterSeq, RealmName realm) {
    return stores().revocations().since(afterSeq, 10_000).stream().filter(e -> e.realm().equals(realm)).toList();
  }

  /** A stored key whose fake encrypted part is derived from its kid, signing from its creation, not retired. */
  protected static StoredKey key(RealmName realm, String kid, SigningAlgorithm alg, Instant created) {
    return key(realm, kid, alg, created, created, null, null);
  }

  /** A stored key whose fake encrypted part is derived from its kid, with this lifecycle. */
  protected static StoredKey key(RealmName realm, String kid, SigningAlgorithm alg, Instant created,
      Instant activates, Instant retired, Instant deleteAfter) {
    return new StoredKey(realm, kid, alg, "{\"kty\":\"EC\",\"kid\":\"" + kid + "\"}",
        ("sealed:" + kid).getBytes(java.nio.charset.StandardCharsets.UTF_8), created, activates, retired,
        deleteAfter);
  }

  /** Field-by-field equality ({@link StoredKey} holds an array, so its equals is identity). */
  protected static void assertSameKey(StoredKey actual, StoredKey expected) {
    assertThat(actual.realm()).isEqualTo(expected.realm());
    assertThat(actual.kid()).isEqualTo(expected.kid());
    assertThat(actual.algorithm()).isEqualTo(expected.algorithm());
    assertThat(actual.publicJwk()).isEqualTo(expected.publicJwk());
    assertThat(actual.encryptedPrivateJwk()).isEqualTo(expected.encryptedPrivateJwk());
    assertThat(actual.schedule()).isEqualTo(expected.schedule());
  }

  // ---------------------------------------------------------------- lockout (SPEC 7)

  private static final LockoutPolicy FIVE = new LockoutPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(900), 20);

  @Test
  void lockout_hundredParallelAttempts_exactlyMaxFailuresAreAdmitted() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    List<LockoutState.Attempt> attempts = race(100, i -> stores().lockouts().begin(realm, "alice", FIVE, NOW));

    assertThat(attempts).filteredOn(a -> a instanceof LockoutState.Attempt.Evaluate).hasSize(5);
    assertThat(attempts).filteredOn(a -> a instanceof LockoutState.Attempt.Busy).hasSize(95);
    assertThat(stores().lockouts().find(realm, "alice").orElseThrow().pending()).isEqualTo(5);
  }

  @Test
  void lockout_parallelFailures_setTheLockExactlyOnce() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    for (int i = 0; i < 5; i++) {
      stores().lockouts().begin(realm, "alice", FIVE, NOW);
    }
    List<Optional<Instant>> locks = race(5, i -> stores().lockouts().failed(realm, "alice", FIVE, NOW));

    assertThat(locks).filteredOn(Optional::isPresent).containsExactly(Optional.of(NOW.plusSeconds(60)));
    assertThat(stores().lockouts().begin(realm, "alice", FIVE, NOW.plusSeconds(59)))
        .isEqualTo(new LockoutState.Attempt.Refused(NOW.plusSeconds(60)));
  }

  @Test
  void lockout_stateRoundTripsAndStaysPerRealmAndUsername() {
    RealmName realm = TestRealms.uniqueName();
    RealmName other = TestRealms.uniqueName();
    assertThat(stores().lockouts().begin(realm, TRICKY, FIVE, NOW)).isEqualTo(new LockoutState.Attempt.Evaluate());
    assertThat(stores().lockouts().find(realm, TRICKY)).contains(
        new LockoutState(0, 1, NOW, 0, Optional.empty(), NOW.plusSeconds(900)));
    assertThat(stores().lockouts().find(other, TRICKY)).isEmpty();
    assertThat(stores().lockouts().find(realm, "alice")).isEmpty();

    stores().lockouts().release(realm, TRICKY);
    assertThat(stores().lockouts().find(realm, TRICKY).orElseThrow().pending()).isZero();
    assertThat(stores().lockouts().failed(realm, TRICKY, FIVE, NOW)).isEmpty();
    assertThat(stores().lockouts().find(realm, TRICKY).orElseThrow().failures()).isEqualTo(1);
    assertThat(stores().lockouts().clear(realm, TRICKY)).isTrue();
    assertThat(stores().lockouts().clear(realm, TRICKY)).isFalse();
    stores().lockouts().release(realm, TRICKY); // a missing row stays missing
    assertThat(stores().lockouts().find(realm, TRICKY)).isEmpty();
  }

  @Test
  void lockout_purgeForgotten_deletesOnlyRowsPastTheirForgetTimeInThatRealm() {
    RealmName realm = TestRealms.uniqueName();
    RealmName other = TestRealms.uniqueName();
    for (int i = 0; i < 7; i++) {
      stores().lockouts().failed(realm, "old-" + i, FIVE, NOW);
    }
    stores().lockouts().failed(realm, "recent", FIVE, NOW.plusSeconds(600));
    stores().lockouts().failed(other, "old-0", FIVE, NOW);
    Instant later = NOW.plusSeconds(900);

    assertThat(stores().lockouts().purgeForgotten(realm, later, 5)).isEqualTo(5);
    assertThat(stores().lockouts().purgeForgotten(realm, later, 5)).isEqualTo(2);
    assertThat(stores().lockouts().purgeForgotten(realm, later, 5)).isZero();
    assertThat(stores().lockouts().find(realm, "recent")).isPresent();
    assertThat(stores().lockouts().find(other, "old-0")).isPresent();
  }

  // ---------------------------------------------------------------- one-use identifiers (SPEC 8)

  @Test
  void replay_firstUse_isTrueOnceThenFalsePerRealmAndKind() {
    RealmName realm = TestRealms.uniqueName();
    RealmName other = TestRealms.uniqueName();
    Instant exp = NOW.plusSeconds(60);
    assertThat(stores().replays().firstUse(realm, ReplayStore.Kind.CLIENT_ASSERTION, TRICKY, exp)).isTrue();
    assertThat(stores().replays().firstUse(realm, ReplayStore.Kind.CLIENT_ASSERTION, TRICKY, exp)).isFalse();
    assertThat(stores().replays().firstUse(realm, ReplayStore.Kind.DPOP_PROOF, TRICKY, exp)).isTrue();
    assertThat(stores().replays().firstUse(other, ReplayStore.Kind.CLIENT_ASSERTION, TRICKY, exp)).isTrue();
  }

  @Test
  void replay_twentyParallelFirstUses_exactlyOneWins() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    List<Boolean> wins = race(20, i -> stores().replays().firstUse(realm, ReplayStore.Kind.DPOP_PROOF, "jti-1",
        NOW.plusSeconds(60)));
    assertThat(wins).filteredOn(w -> w).hasSize(1);
  }

  @Test
  void replay_purgeExpired_deletesOnlyExpiredEntriesOfThatRealmInBatches() {
    RealmName realm = TestRealms.uniqueName();
    RealmName other = TestRealms.uniqueName();
    for (int i = 0; i < 7; i++) {
      stores().replays().firstUse(realm, ReplayStore.Kind.CLIENT_ASSERTION, "old-" + i, NOW);
    }
    stores().replays().firstUse(realm, ReplayStore.Kind.CLIENT_ASSERTION, "live", NOW.plusSeconds(600));
    stores().replays().firstUse(other, ReplayStore.Kind.CLIENT_ASSERTION, "old-0", NOW);
    Instant later = NOW.plusSeconds(1);

    assertThat(stores().replays().purgeExpired(realm, later, 5)).isEqualTo(5);
    assertThat(stores().replays().purgeExpired(realm, later, 5)).isEqualTo(2);
    assertThat(stores().replays().purgeExpired(realm, later, 5)).isZero();
    assertThat(stores().replays().firstUse(realm, ReplayStore.Kind.CLIENT_ASSERTION, "live", later)).isFalse();
    assertThat(stores().replays().firstUse(other, ReplayStore.Kind.CLIENT_ASSERTION, "old-0", later)).isFalse();
    assertThat(stores().replays().firstUse(realm, ReplayStore.Kind.CLIENT_ASSERTION, "old-0", later)).isTrue();
  }

  // ---------------------------------------------------------------- browser sign-in (SPEC 9)

  private static io.jeton.core.browser.BrowserSession browserSession(RealmName realm, Instant idle) {
    return new io.jeton.core.browser.BrowserSession(realm, io.jeton.core.crypto.Tokens.sha256(
        io.jeton.core.crypto.Tokens.opaque()), new io.jeton.core.UserId("u-" + TRICKY.length()), "pw " + TRICKY, NOW,
        NOW.plusSeconds(3600), idle, Optional.empty());
  }

  private static io.jeton.core.browser.AuthorizationCode code(RealmName realm, io.jeton.core.TokenHash browser) {
    return new io.jeton.core.browser.AuthorizationCode(realm, io.jeton.core.crypto.Tokens.sha256(
        io.jeton.core.crypto.Tokens.opaque()), ClientId.of("spa"), "https://spa.example/cb?x=" + TRICKY,
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", List.of("read", TRICKY), List.of("https://api.example/"),
        new io.jeton.core.UserId("u-1"), "pw", browser, NOW.plusSeconds(60));
  }

  @Test
  void browserSession_roundTripsTouchesOnlyForwardAndEndsOnce() {
    RealmName realm = TestRealms.uniqueName();
    var s = browserSession(realm, NOW.plusSeconds(600));
    stores().browser().createSession(s);
    assertThat(stores().browser().findSession(realm, s.hash())).contains(s);
    assertThat(stores().browser().findSession(TestRealms.uniqueName(), s.hash())).isEmpty();

    stores().browser().touchSession(realm, s.hash(), NOW.plusSeconds(900));
    stores().browser().touchSession(realm, s.hash(), NOW.plusSeconds(700));
    assertThat(stores().browser().findSession(realm, s.hash()).orElseThrow().idleExpiresAt())
        .isEqualTo(NOW.plusSeconds(900));

    assertThat(stores().browser().endSession(realm, s.hash(), NOW.plusSeconds(5))).isTrue();
    assertThat(stores().browser().endSession(realm, s.hash(), NOW.plusSeconds(6))).isFalse();
    assertThat(stores().browser().findSession(realm, s.hash()).orElseThrow().endedAt())
        .contains(NOW.plusSeconds(5));
  }

  @Test
  void browserSession_linksAreKeptOnceInOrder() {
    RealmName realm = TestRealms.uniqueName();
    var s = browserSession(realm, NOW.plusSeconds(600));
    stores().browser().createSession(s);
    stores().browser().link(realm, s.hash(), new SessionId("s-1"));
    stores().browser().link(realm, s.hash(), new SessionId("s-1"));
    assertThat(stores().browser().linked(realm, s.hash())).containsExactly(new SessionId("s-1"));
    stores().browser().link(realm, s.hash(), new SessionId("s-2"));
    assertThat(stores().browser().linked(realm, s.hash())).containsExactlyInAnyOrder(new SessionId("s-1"),
        new SessionId("s-2"));
    assertThat(stores().browser().linked(TestRealms.uniqueName(), s.hash())).isEmpty();
  }

  @Test
  void code_firstUseGetsTheCode_laterUsesAreReplaysThatSeeTheAttachedSession() {
    RealmName realm = TestRealms.uniqueName();
    var c = code(realm, browserSession(realm, NOW).hash());
    stores().browser().insertCode(c);
    assertThat(stores().browser().use(realm, c.hash(), NOW))
        .isEqualTo(new io.jeton.core.browser.BrowserStore.CodeUse.First(c));
    assertThat(stores().browser().use(realm, c.hash(), NOW))
        .isEqualTo(new io.jeton.core.browser.BrowserStore.CodeUse.Replayed(Optional.empty()));
    // the replay came before the first use attached its session: attach says so
    assertThat(stores().browser().attach(realm, c.hash(), new SessionId("s-9"))).isTrue();
    assertThat(stores().browser().use(realm, c.hash(), NOW))
        .isEqualTo(new io.jeton.core.browser.BrowserStore.CodeUse.Replayed(Optional.of(new SessionId("s-9"))));
    assertThat(stores().browser().use(TestRealms.uniqueName(), c.hash(), NOW))
        .isEqualTo(new io.jeton.core.browser.BrowserStore.CodeUse.Unknown());

    var d = code(realm, c.browserSession());
    stores().browser().insertCode(d);
    stores().browser().use(realm, d.hash(), NOW);
    assertThat(stores().browser().attach(realm, d.hash(), new SessionId("s-10"))).isFalse();
  }

  @Test
  void code_twentyParallelUses_exactlyOneGetsTheCode() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    var c = code(realm, browserSession(realm, NOW).hash());
    stores().browser().insertCode(c);
    List<io.jeton.core.browser.BrowserStore.CodeUse> uses = race(20, i -> stores().browser().use(realm, c.hash(),
        NOW));
    assertThat(uses).filteredOn(u -> u instanceof io.jeton.core.browser.BrowserStore.CodeUse.First).hasSize(1);
    assertThat(uses).filteredOn(u -> u instanceof io.jeton.core.browser.BrowserStore.CodeUse.Replayed).hasSize(19);
  }

  @Test
  void browserPurge_deletesExpiredCodesAndDeadSessionsWithTheirLinksOfThatRealmOnly() {
    RealmName realm = TestRealms.uniqueName();
    RealmName other = TestRealms.uniqueName();
    var dead = browserSession(realm, NOW);
    var live = browserSession(realm, NOW.plusSeconds(600));
    var elsewhere = browserSession(other, NOW);
    for (var s : List.of(dead, live, elsewhere)) {
      stores().browser().createSession(s);
      stores().browser().link(s.realm(), s.hash(), new SessionId("s-" + s.hash().value().substring(0, 8)));
    }
    var c = code(realm, live.hash());
    stores().browser().insertCode(c);
    Instant later = NOW.plusSeconds(61);

    assertThat(stores().browser().purgeSessions(realm, later, 10)).isEqualTo(1);
    assertThat(stores().browser().findSession(realm, dead.hash())).isEmpty();
    assertThat(stores().browser().linked(realm, dead.hash())).isEmpty();
    assertThat(stores().browser().findSession(realm, live.hash())).isPresent();
    assertThat(stores().browser().findSession(other, elsewhere.hash())).isPresent();
    assertThat(stores().browser().purgeCodes(realm, NOW.plusSeconds(59), 10)).isZero();
    assertThat(stores().browser().purgeCodes(realm, later, 10)).isEqualTo(1);
    assertThat(stores().browser().use(realm, c.hash(), later))
        .isEqualTo(new io.jeton.core.browser.BrowserStore.CodeUse.Unknown());
  }

  @Test
  void client_redirectUris_roundTripInOrder() {
    RealmName realm = TestRealms.uniqueName();
    io.jeton.core.client.Client c = new io.jeton.core.client.Client(realm, ClientId.of("spa"), Optional.empty(),
        java.util.Set.of(io.jeton.core.client.GrantType.AUTHORIZATION_CODE), java.util.Set.of("read"),
        Optional.empty(), 0, Optional.empty(), java.util.Set.of(), Optional.empty(), java.util.Set.of(), false,
        List.of("https://b.example/cb", "https://a.example/cb?x=" + TRICKY), List.of("https://a.example/bye"));
    stores().clients().upsert(c);
    assertThat(stores().clients().find(realm, ClientId.of("spa"))).contains(c);
  }

  /** Indexed work for {@link #race}. */
  @FunctionalInterface
  protected interface Contender<T> {
    T run(int index) throws Exception;
  }

  /** Starts {@code n} threads that each run {@code work} at the same moment; their results in index order. */
  protected static <T> List<T> race(int n, Contender<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<T> task = () -> {
          ready.countDown();
          go.await();
          return work.run(index);
        };
        futures.add(pool.submit(task));
      }
      ready.await(10, TimeUnit.SECONDS);
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- admin operations (SPEC 11)

  private List<String> sessionEntriesOf(RealmName realm) {
    List<String> out = new ArrayList<>();
    long after = 0;
    List<RevocationEntry> page;
    do {
      page = stores().revocations().since(after, 10_000);
      for (RevocationEntry e : page) {
        if (e.realm().equals(realm) && e.kind() == RevocationEntry.Kind.SESSION) {
          out.add(e.value());
        }
        after = e.seq();
      }
    } while (page.size() == 10_000);
    return out;
  }

  @Test
  void realmCreate_newName_insertsOnceAndKeepsTheFirst() {
    Realm realm = TestRealms.unique();
    assertThat(stores().realms().create(realm)).isTrue();
    Realm other = TestRealms.realm().name(realm.name().value()).issuerName("second").build();
    assertThat(stores().realms().create(other)).isFalse();
    assertThat(stores().realms().find(realm.name())).contains(realm);
    assertThat(stores().realms().longestAccessTokenTtl(realm.name())).contains(realm.accessTokenTtl());
  }

  @Test
  void realmCreate_twentyParallelCallersWithOneName_exactlyOneWins() throws Exception {
    Realm realm = TestRealms.unique();
    assertThat(winners(20, () -> stores().realms().create(realm))).isEqualTo(1);
  }

  @Test
  void realmList_pages_inNameOrderAfterTheCursor() {
    String prefix = TestRealms.uniqueName().value() + "-";
    for (String n : List.of("c", "a", "b")) {
      stores().realms().upsert(TestRealms.realm().name(prefix + n).build());
    }
    List<Realm> first = stores().realms().list(Optional.of(RealmName.of(prefix)), 2);
    assertThat(first).extracting(r -> r.name().value()).containsExactly(prefix + "a", prefix + "b");
    assertThat(stores().realms().list(Optional.of(first.getLast().name()), 2)).first()
        .extracting(r -> r.name().value()).isEqualTo(prefix + "c");
    assertThat(stores().realms().list(Optional.empty(), 1)).hasSize(1);
  }

  @Test
  void realmDelete_removesEveryRowOfThatRealmOnly() {
    Realm realm = TestRealms.unique();
    Realm other = TestRealms.unique();
    for (Realm r : List.of(realm, other)) {
      stores().realms().upsert(r);
      stores().clients().upsert(TestClients.confidential(r.name()).build());
      User u = TestUsers.user(r.name()).build();
      stores().users().upsert(u);
      Session s = TestSessions.session(r.name()).user(u.id()).build();
      stores().sessions().create(s, TestSessions.firstToken(s));
      stores().revocations().revokeAccessToken(r.name(), "jti-1", NOW.plusSeconds(60));
      stores().audit().append(new AuditEvent(r.name().value(), NOW, AuditType.LOGIN_OK, "app", u.id().value(),
          s.id().value(), "c-1", ""));
      stores().lockouts().begin(r.name(), u.username(), FIVE, NOW);
      stores().replays().firstUse(r.name(), ReplayStore.Kind.DPOP_PROOF, "j-1", NOW.plusSeconds(60));
      var b = browserSession(r.name(), NOW.plusSeconds(600));
      stores().browser().createSession(b);
      stores().browser().link(r.name(), b.hash(), s.id());
      stores().browser().insertCode(code(r.name(), b.hash()));
    }
    User gone = stores().users().list(realm.name(), Optional.empty(), 10).getFirst();

    assertThat(stores().realms().delete(realm.name())).isTrue();

    assertThat(stores().realms().find(realm.name())).isEmpty();
    assertThat(stores().clients().list(realm.name())).isEmpty();
    assertThat(stores().users().list(realm.name(), Optional.empty(), 10)).isEmpty();
    assertThat(stores().sessions().live(realm.name(), Optional.empty(), NOW, 10)).isEmpty();
    assertThat(stores().audit().recent(realm.name().value(), 10)).isEmpty();
    assertThat(stores().lockouts().find(realm.name(), gone.username())).isEmpty();
    assertThat(stores().replays().firstUse(realm.name(), ReplayStore.Kind.DPOP_PROOF, "j-1", NOW.plusSeconds(60)))
        .as("its replay entries are gone").isTrue();
    assertThat(stores().revocations().since(0, 100_000)).noneMatch(e -> e.realm().equals(realm.name()));
    assertThat(stores().realms().delete(realm.name())).isFalse();

    assertThat(stores().realms().find(other.name())).isPresent();
    assertThat(stores().clients().list(other.name())).hasSize(1);
    assertThat(stores().sessions().live(other.name(), Optional.empty(), NOW, 10)).hasSize(1);
    assertThat(stores().audit().recent(other.name().value(), 10)).hasSize(1);
  }

  @Test
  void clientCreate_existingId_isRefusedAndKeepsTheFirst() {
    RealmName realm = TestRealms.uniqueName();
    Client first = TestClients.confidential(realm).scopes("a").build();
    assertThat(stores().clients().create(first)).isTrue();
    assertThat(stores().clients().create(TestClients.confidential(realm).scopes("b").build())).isFalse();
    assertThat(stores().clients().find(realm, first.id())).contains(first);
  }

  @Test
  void clientList_pages_inIdOrderAfterTheCursor() {
    RealmName realm = TestRealms.uniqueName();
    for (String id : List.of("c", "a", "b")) {
      stores().clients().upsert(TestClients.confidential(realm).id(id).build());
    }
    assertThat(stores().clients().list(realm, Optional.empty(), 2)).extracting(c -> c.id().value())
        .containsExactly("a", "b");
    assertThat(stores().clients().list(realm, Optional.of(ClientId.of("b")), 2)).extracting(c -> c.id().value())
        .containsExactly("c");
  }

  @Test
  void clientDelete_dropsItsSessionsWithEntriesForTheLiveOnesAndKeepsOthers() {
    RealmName realm = TestRealms.uniqueName();
    stores().clients().upsert(TestClients.confidential(realm).id("gone").build());
    stores().clients().upsert(TestClients.confidential(realm).id("kept").build());
    Session live = TestSessions.session(realm).client(ClientId.of("gone")).build();
    Session ended = TestSessions.session(realm).client(ClientId.of("gone")).revokedAt(NOW.minusSeconds(5)).build();
    Session other = TestSessions.session(realm).client(ClientId.of("kept")).build();
    for (Session s : List.of(live, ended, other)) {
      stores().sessions().create(s, TestSessions.firstToken(s));
    }
    var b = browserSession(realm, NOW.plusSeconds(600));
    stores().browser().createSession(b);
    stores().browser().link(realm, b.hash(), live.id());
    stores().browser().link(realm, b.hash(), other.id());

    assertThat(stores().clients().delete(realm, ClientId.of("gone"), NOW, NOW.plusSeconds(3660))).isTrue();

    assertThat(stores().clients().find(realm, ClientId.of("gone"))).isEmpty();
    assertThat(stores().sessions().find(realm, live.id())).isEmpty();
    assertThat(stores().sessions().find(realm, ended.id())).isEmpty();
    assertThat(stores().sessions().findRefreshToken(realm, TestSessions.firstToken(live).hash())).isEmpty();
    assertThat(stores().sessions().find(realm, other.id())).contains(other);
    assertThat(stores().browser().linked(realm, b.hash())).containsExactly(other.id());
    assertThat(sessionEntriesOf(realm)).containsExactly(live.id().value());
    assertThat(stores().clients().delete(realm, ClientId.of("gone"), NOW, NOW.plusSeconds(3660))).isFalse();
  }

  @Test
  void userCreate_takenIdOrUsername_isRefused() {
    RealmName realm = TestRealms.uniqueName();
    User alice = TestUsers.user(realm).username("alice").build();
    assertThat(stores().users().create(alice)).isTrue();
    assertThat(stores().users().create(TestUsers.user(realm).username("alice").build())).isFalse();
    assertThat(stores().users().create(new User(realm, alice.id(), "bob", Optional.empty(), true, List.of(),
        Map.of()))).isFalse();
    assertThat(stores().users().findByUsername(realm, "alice")).contains(alice);
    assertThat(stores().users().findByUsername(realm, "bob")).isEmpty();
  }

  @Test
  void userCreate_twentyParallelCallersWithOneUsername_exactlyOneWins() throws Exception {
    RealmName realm = TestRealms.uniqueName();
    assertThat(winners(20, () -> stores().users().create(TestUsers.user(realm).username("same").build()))).isEqualTo(1);
  }

  @Test
  void userList_pages_inUsernameOrderOfThatRealm() {
    RealmName realm = TestRealms.uniqueName();
    for (String n : List.of("carol", "alice", "bob")) {
      stores().users().upsert(TestUsers.user(realm).username(n).build());
    }
    stores().users().upsert(TestUsers.user(TestRealms.uniqueName()).username("aaron").build());
    assertThat(stores().users().list(realm, Optional.empty(), 2)).extracting(User::username)
        .containsExactly("alice", "bob");
    assertThat(stores().users().list(realm, Optional.of("bob"), 2)).extracting(User::username)
        .containsExactly("carol");
  }

  @Test
  void userDeleteWithSessions_dropsItsSessionsBrowserSessionsCodesAndLockout() {
    RealmName realm = TestRealms.uniqueName();
    User alice = TestUsers.user(realm).username("alice").build();
    User bob = TestUsers.user(realm).username("bob").build();
    stores().users().upsert(alice);
    stores().users().upsert(bob);
    Session live = TestSessions.session(realm).user(alice.id()).build();
    Session kept = TestSessions.session(realm).user(bob.id()).build();
    stores().sessions().create(live, TestSessions.firstToken(live));
    stores().sessions().create(kept, TestSessions.firstToken(kept));
    stores().lockouts().begin(realm, "alice", FIVE, NOW);
    stores().lockouts().begin(realm, "bob", FIVE, NOW);
    var b = new io.jeton.core.browser.BrowserSession(realm, io.jeton.core.crypto.Tokens.sha256(
        io.jeton.core.crypto.Tokens.opaque()), alice.id(), "pw", NOW, NOW.plusSeconds(3600), NOW.plusSeconds(600),
        Optional.empty());
    stores().browser().createSession(b);
    stores().browser().link(realm, b.hash(), live.id());

    assertThat(stores().users().deleteWithSessions(realm, alice.id(), NOW, NOW.plusSeconds(3660))).isTrue();

    assertThat(stores().users().findByUsername(realm, "alice")).isEmpty();
    assertThat(stores().sessions().find(realm, live.id())).isEmpty();
    assertThat(stores().browser().findSession(realm, b.hash())).isEmpty();
    assertThat(stores().lockouts().find(realm, "alice")).isEmpty();
    assertThat(sessionEntriesOf(realm)).containsExactly(live.id().value());
    assertThat(stores().sessions().find(realm, kept.id())).contains(kept);
    assertThat(stores().lockouts().find(realm, "bob")).isPresent();
    assertThat(stores().users().deleteWithSessions(realm, alice.id(), NOW, NOW.plusSeconds(3660))).isFalse();
  }

  @Test
  void sessionsLive_newestFirstWithoutEndedOnesPerUserOrRealm() {
    RealmName realm = TestRealms.uniqueName();
    UserId alice = UserId.of("alice-id");
    Session old = TestSessions.session(realm).user(alice).createdAt(NOW.minusSeconds(20)).build();
    Session recent = TestSessions.session(realm).user(alice).createdAt(NOW.minusSeconds(10)).build();
    Session others = TestSessions.session(realm).createdAt(NOW.minusSeconds(5)).build();
    Session revoked = TestSessions.session(realm).user(alice).revokedAt(NOW.minusSeconds(1)).build();
    Session expired = TestSessions.session(realm).user(alice).createdAt(NOW.minusSeconds(100))
        .maxTtl(Duration.ofSeconds(50)).build();
    for (Session s : List.of(old, recent, others, revoked, expired)) {
      stores().sessions().create(s, TestSessions.firstToken(s));
    }
    assertThat(stores().sessions().live(realm, Optional.of(alice), NOW, 10)).containsExactly(recent, old);
    assertThat(stores().sessions().live(realm, Optional.empty(), NOW, 10)).containsExactly(others, recent, old);
    assertThat(stores().sessions().live(realm, Optional.empty(), NOW, 1)).containsExactly(others);
    assertThat(stores().sessions().live(TestRealms.uniqueName(), Optional.empty(), NOW, 10)).isEmpty();
  }

  @Test
  void auditQuery_filtersByTypeAndSinceNewestFirstUpToLimit() {
    String realm = TestRealms.uniqueName().value();
    stores().audit().append(new AuditEvent(realm, NOW.minusSeconds(30), AuditType.LOGIN_OK, "app", "u", "s", "c", ""));
    stores().audit().append(new AuditEvent(realm, NOW.minusSeconds(20), AuditType.LOGIN_FAILED, "app", "u", "", "c",
        ""));
    stores().audit().append(new AuditEvent(realm, NOW.minusSeconds(10), AuditType.LOGIN_OK, "app", "u", "s2", "c",
        ""));
    assertThat(stores().audit().query(realm, Optional.of(AuditType.LOGIN_OK), Optional.empty(), 10))
        .extracting(AuditEvent::sessionId).containsExactly("s2", "s");
    assertThat(stores().audit().query(realm, Optional.empty(), Optional.of(NOW.minusSeconds(20)), 10))
        .extracting(AuditEvent::type).containsExactly(AuditType.LOGIN_OK, AuditType.LOGIN_FAILED);
    assertThat(stores().audit().query(realm, Optional.empty(), Optional.empty(), 1)).hasSize(1);
    assertThat(stores().audit().query(TestRealms.uniqueName().value(), Optional.empty(), Optional.empty(), 10))
        .isEmpty();
  }

  /** How many of {@code n} parallel calls answered true. */
  private static int winners(int n, Callable<Boolean> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      return wins;
    } finally {
      pool.shutdownNow();
    }
  }
}
