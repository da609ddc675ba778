package io.jeton.testkit;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.UserId;
import io.jeton.core.session.RefreshToken;
import io.jeton.core.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Session fixtures: {@code TestSessions.session(realm).createdAt(t).build()} and the refresh tokens
 * of a session ({@link #firstToken}, {@link #successor}).
 */
public final class TestSessions {
  /** A fixed, far-future base instant, so that nothing a test stores is expired by accident. */
  public static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final RealmName realm;
  private SessionId id = SessionId.of(UUID.randomUUID().toString());
  private UserId userId = UserId.of(UUID.randomUUID().toString());
  private ClientId clientId = ClientId.of("app");
  private String authService = "password";
  private final Set<String> scope = new LinkedHashSet<>();
  private Instant createdAt = NOW;
  private Duration maxTtl = Duration.ofDays(30);
  private Optional<Instant> revokedAt = Optional.empty();
  private final java.util.List<String> resources = new java.util.ArrayList<>();

  private TestSessions(RealmName realm) {
    this.realm = realm;
  }

  public static TestSessions session(RealmName realm) {
    return new TestSessions(realm);
  }

  public TestSessions id(String value) {
    this.id = SessionId.of(value);
    return this;
  }

  public TestSessions user(UserId value) {
    this.userId = value;
    return this;
  }

  public TestSessions client(ClientId value) {
    this.clientId = value;
    return this;
  }

  public TestSessions authService(String value) {
    this.authService = value;
    return this;
  }

  /** Resource indicators granted at login (RFC 8707), in order. */
  public TestSessions resources(String... values) {
    this.resources.addAll(java.util.List.of(values));
    return this;
  }

  public TestSessions scope(String... values) {
    this.scope.addAll(List.of(values));
    return this;
  }

  public TestSessions createdAt(Instant value) {
    this.createdAt = value;
    return this;
  }

  public TestSessions maxTtl(Duration value) {
    this.maxTtl = value;
    return this;
  }

  public TestSessions revokedAt(Instant value) {
    this.revokedAt = Optional.of(value);
    return this;
  }

  public Session build() {
    return new Session(realm, id, userId, clientId, authService, scope, createdAt, createdAt.plus(maxTtl),
        revokedAt, resources);
  }

  /** The session's first refresh token: a fresh hash, issued at its creation, valid for a week. */
  public static RefreshToken firstToken(Session session) {
    return token(session, TestTokens.hash(), session.createdAt());
  }

  /** A successor token of the session with a fresh hash, issued at {@code at}, valid for a week. */
  public static RefreshToken successor(Session session, Instant at) {
    return token(session, TestTokens.hash(), at);
  }

  public static RefreshToken token(Session session, TokenHash hash, Instant issuedAt) {
    return RefreshToken.fresh(session.realm(), hash, session.id(), session.clientId(), issuedAt,
        issuedAt.plus(Duration.ofDays(7)));
  }
}
