package io.jeton.core;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.auth.AuthService;
import io.jeton.core.auth.AuthServices;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientAuthenticator;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.client.SecretHasher;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.grant.ClientCredentialsGrant;
import io.jeton.core.grant.PasswordGrant;
import io.jeton.core.grant.RefreshGrant;
import io.jeton.core.grant.TokenMinter;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.introspect.Introspection;
import io.jeton.core.introspect.Introspector;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationOutcome;
import io.jeton.core.revoke.RevocationView;
import io.jeton.core.revoke.Revoker;
import io.jeton.core.revoke.SessionRevoker;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.JtiSeal;
import io.jeton.core.token.TokenCodec;
import io.jeton.core.user.LocalPasswordCheck;
import io.jeton.core.session.Session;
import io.jeton.core.user.PasswordHasher;
import io.jeton.core.user.User;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol engine every dialect calls: one object per node, wiring the features together.
 * Each method is safe to call from many threads; none throws for a protocol refusal (those are
 * values), only for infrastructure failures.
 */
public final class Engine implements AutoCloseable {
  private final EngineSettings settings;
  private final Stores stores;
  private final InstantSource clock;
  private final LoadingCache<RealmName, Optional<Realm>> realms;
  private final LoadingCache<UserKey, Optional<User>> users;

  private record UserKey(RealmName realm, UserId id) {}
  private final AuditLog audit;
  private final ClientAuthenticator clients;
  private final KeyRing keys;
  private final ClientCredentialsGrant clientCredentials;
  private final PasswordGrant password;
  private final RefreshGrant refresh;
  private final RevocationView revocationView;
  private final Introspector introspector;
  private final Revoker revoker;
  private final SecretHasher secretHasher;
  private final PasswordHasher passwordHasher;
  private final AuthServices authServices;

  public Engine(EngineSettings settings, Stores stores, MasterKey masterKey, PasswordHasher passwordHasher,
      InstantSource clock) {
    this.settings = settings;
    this.stores = stores;
    this.clock = clock;
    this.passwordHasher = passwordHasher;
    this.realms = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.directoryCacheTtl())
        .build(stores.realms()::find);
    this.users = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.directoryCacheTtl())
        .build(k -> stores.users().findById(k.realm(), k.id()));
    this.audit = new AuditLog(stores.audit());
    this.secretHasher = new SecretHasher(masterKey);
    this.clients = new ClientAuthenticator(stores.clients(), secretHasher, audit, clock, settings.directoryCacheTtl());
    this.keys = new KeyRing(stores.keys(), masterKey, clock);
    TokenCodec codec = new TokenCodec(keys);
    JtiSeal seal = new JtiSeal(masterKey);
    TokenMinter minter = new TokenMinter(settings, codec, seal);
    this.revocationView = new RevocationView(stores.revocations(), clock);
    this.revocationView.poll();
    SessionRevoker sessionRevoker = new SessionRevoker(stores.revocations(), stores.realms(), revocationView);
    this.clientCredentials = new ClientCredentialsGrant(minter, clock);
    this.authServices = new AuthServices(new LocalPasswordCheck(stores.users(), passwordHasher), stores.users());
    this.password = new PasswordGrant(authServices, stores.sessions(), minter, audit, clock);
    this.refresh = new RefreshGrant(stores.sessions(), stores.users(), authServices, minter, sessionRevoker, audit,
        clock, masterKey);
    this.introspector = new Introspector(settings, codec, revocationView, stores.sessions(), clock);
    this.revoker = new Revoker(introspector, codec, seal, stores.sessions(), stores.revocations(), revocationView,
        sessionRevoker, audit, clock);
  }

  public EngineSettings settings() {
    return settings;
  }

  public Stores stores() {
    return stores;
  }

  public InstantSource clock() {
    return clock;
  }

  /** The realm, cached for {@link EngineSettings#directoryCacheTtl()}. */
  public Optional<Realm> realm(RealmName name) {
    return realms.get(name);
  }

  /** The realm by its path segment; empty for a name that cannot be a realm. */
  public Optional<Realm> realm(String name) {
    try {
      return realm(new RealmName(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The realm's OAuth issuer URL, RFC 8414 section 2. */
  public String issuer(Realm realm) {
    return settings.issuer(realm.name());
  }

  public Optional<Client> client(Realm realm, ClientId id) {
    return clients.find(realm.name(), id);
  }

  public ClientAuthentication authenticateClient(Realm realm, ClientCredentials credentials, RequestContext ctx) {
    return clients.authenticate(realm, credentials, ctx);
  }

  /**
   * Client authentication that also requires the TLS client certificate a client is registered
   * with (SPEC 3.1, RFC 8705 section 2): {@code certificateSubject} is the verified subject of the
   * connection's client certificate, empty when the connection has none.
   */
  public ClientAuthentication authenticateClient(Realm realm, ClientCredentials credentials,
      Optional<String> certificateSubject, RequestContext ctx) {
    return clients.authenticate(realm, credentials, certificateSubject, ctx);
  }

  public TokenOutcome clientCredentials(Realm realm, Client client, Optional<String> scope) {
    return clientCredentials.issue(realm, client, scope);
  }

  public TokenOutcome password(Realm realm, Client client, String username, String password, Optional<String> scope,
      RequestContext ctx) {
    return this.password.issue(realm, client, username, password, scope, ctx);
  }

  public TokenOutcome refresh(Realm realm, Client client, String refreshToken, Optional<String> scope,
      RequestContext ctx) {
    return refresh.refresh(realm, client, refreshToken, scope, ctx);
  }

  /**
   * Logs a user in through one of the realm's authentication services with that service's
   * parameters (AGS signon, C1 and Amino login), for {@code client}.
   */
  public TokenOutcome login(Realm realm, Client client, String authServiceId, Map<String, String> parameters,
      Optional<String> scope, RequestContext ctx) {
    return password.login(realm, client, authServiceId, parameters, scope, ctx);
  }

  /** The realm's default authentication service (its first), used by username/password logins. */
  public String defaultAuthService(Realm realm) {
    return authServices.of(realm).get(0).id();
  }

  /** The authentication services the realm allows, for service discovery. */
  public List<AuthService> authServices(Realm realm) {
    return authServices.of(realm);
  }

  /**
   * A refresh for dialects that re-check the session (AGS): when given, {@code expectedService}
   * must be the authentication service the session was created with and {@code expectedUsername}
   * its user's username, else {@code access_denied} (403). The client's grants are not checked:
   * the dialect's mount names a trusted client.
   */
  public TokenOutcome refreshAs(Realm realm, Client client, String refreshToken, Optional<String> expectedService,
      Optional<String> expectedUsername, RequestContext ctx) {
    return refresh.refresh(realm, client, refreshToken, Optional.empty(), expectedService, expectedUsername, ctx);
  }

  /**
   * The user, for rendering what a token is about (C1 {@code customerId}, onesait {@code
   * authorities}): cached like realms and clients, so validating a token reads no database; up to
   * {@link EngineSettings#directoryCacheTtl()} stale. Decisions (refresh, login) read the store.
   */
  public Optional<User> user(Realm realm, UserId id) {
    return users.get(new UserKey(realm.name(), id));
  }

  public Optional<Session> session(Realm realm, SessionId id) {
    return stores.sessions().find(realm.name(), id);
  }

  public Introspection introspect(Realm realm, String token) {
    return introspector.introspect(realm, token);
  }

  /** The claims of a valid, unexpired, unrevoked access token of this realm. */
  public Optional<AccessClaims> validateAccessToken(Realm realm, String token) {
    return introspector.accessToken(realm, token);
  }

  public RevocationOutcome revoke(Realm realm, Optional<ClientId> client, String token, RequestContext ctx) {
    return revoker.revoke(realm, client, token, ctx);
  }

  public boolean revokeSession(Realm realm, SessionId session, RequestContext ctx) {
    return revoker.revokeSession(realm, session, ctx, "session");
  }

  /** The realm's public JWK Set as JSON, RFC 7517 section 5. */
  public String jwks(Realm realm) {
    return keys.keys(realm).jwksJson();
  }

  public KeyRing keyRing() {
    return keys;
  }

  public SecretHasher secretHasher() {
    return secretHasher;
  }

  public PasswordHasher passwordHasher() {
    return passwordHasher;
  }

  public AuditLog audit() {
    return audit;
  }

  /** Brings in revocations made by other nodes; call about every 250 ms in a cluster. */
  public int pollRevocations() {
    return revocationView.poll();
  }

  public void evictExpiredRevocations() {
    revocationView.evictExpired();
  }

  /** How many unexpired revocations this node holds in memory (metrics, and tests of the bound). */
  public int revocationsHeld() {
    return revocationView.size();
  }

  /** Forgets cached realms, users and keys (after an import on this node). */
  public void invalidateDirectory() {
    realms.invalidateAll();
    users.invalidateAll();
    for (Realm r : stores.realms().list()) {
      keys.invalidate(r.name());
    }
  }

  public void invalidateClient(RealmName realm, ClientId id) {
    clients.invalidate(realm, id);
  }

  @Override
  public void close() {
    audit.close();
    passwordHasher.close();
  }
}
