package io.jeton.core;

import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImporter;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.auth.AuthService;
import io.jeton.core.auth.AuthServices;
import io.jeton.core.auth.LoginGuard;
import io.jeton.core.browser.BrowserSignIn;
import io.jeton.core.change.Change;
import io.jeton.core.change.DirectoryCache;
import io.jeton.core.change.Publishing;
import io.jeton.core.client.Client;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientAuthenticator;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.client.ClientRateLimiter;
import io.jeton.core.client.GrantType;
import io.jeton.core.error.OAuthError;
import io.jeton.core.client.SecretHasher;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.dpop.DpopNonces;
import io.jeton.core.dpop.DpopVerifier;
import io.jeton.core.grant.ClientCredentialsGrant;
import io.jeton.core.grant.PasswordGrant;
import io.jeton.core.grant.RefreshGrant;
import io.jeton.core.grant.TokenCommand;
import io.jeton.core.grant.TokenMinter;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.introspect.Introspection;
import io.jeton.core.introspect.Introspector;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.lifecycle.Janitor;
import io.jeton.core.lifecycle.PurgeLock;
import io.jeton.core.lockout.Unlock;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationOutcome;
import io.jeton.core.revoke.RevocationView;
import io.jeton.core.revoke.RevocationScope;
import io.jeton.core.revoke.Revoker;
import io.jeton.core.revoke.SessionRevoker;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.token.Confirmation;
import io.jeton.core.token.JtiSeal;
import io.jeton.core.token.TokenCodec;
import io.jeton.core.token.VerifiedTokens;
import io.jeton.core.user.LocalPasswordCheck;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionCap;
import io.jeton.core.user.PasswordHasher;
import io.jeton.core.user.User;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The protocol engine every dialect calls: one object per node, wiring the features together.
 * Each method is safe to call from many threads; none throws for a protocol refusal (those are
 * values), only for infrastructure failures.
 */
public final class Engine implements AutoCloseable {
  private final EngineSettings settings;
  private final Stores stores;
  private final InstantSource clock;
  private final DirectoryCache<RealmName, Optional<Realm>> realms;
  private final DirectoryCache<UserKey, Optional<User>> users;

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
  private final RealmImporter importer;
  private final ClientRateLimiter rateLimits;
  private final Optional<DpopNonces> dpopNonces;
  private final DpopVerifier dpop;
  private final BrowserSignIn browser;
  private final io.jeton.core.admin.Admin admin;
  /** Token responses by grant ({@link GrantType} ordinal), for /metrics: one increment per answer. */
  private final LongAdder[] issued = new LongAdder[GrantType.values().length];

  /**
   * @param backend the node's storage; with a {@link Stores#changes() change feed}, every write to
   *     shared state is published on it after its commit ({@link Publishing}), and {@link
   *     #applyChange} is what the feed's subscriber calls
   */
  public Engine(EngineSettings settings, Stores backend, MasterKey masterKey, PasswordHasher passwordHasher,
      InstantSource clock) {
    Stores stores = Publishing.wrap(backend);
    for (int i = 0; i < issued.length; i++) {
      issued[i] = new LongAdder();
    }
    this.settings = settings;
    this.stores = stores;
    this.clock = clock;
    this.passwordHasher = passwordHasher;
    this.realms = new DirectoryCache<>("realm", stores.realms()::find, settings.directoryCacheTtl(), 100_000);
    this.users = new DirectoryCache<>("user", k -> stores.users().findById(k.realm(), k.id()),
        settings.directoryCacheTtl(), 100_000);
    this.audit = new AuditLog(stores.audit());
    this.secretHasher = new SecretHasher(masterKey);
    this.clients = new ClientAuthenticator(stores.clients(), secretHasher, audit, clock, settings.directoryCacheTtl(),
        settings.certificateTrust(), stores.replays(), settings::issuer);
    this.keys = new KeyRing(stores.keys(), masterKey, clock,
        r -> stores.realms().longestAccessTokenTtl(r.name()).orElse(r.accessTokenTtl()));
    this.rateLimits = new ClientRateLimiter(clock);
    this.dpopNonces = settings.dpopNonce() ? Optional.of(new DpopNonces(masterKey)) : Optional.empty();
    this.dpop = new DpopVerifier(stores.replays(), dpopNonces, clock);
    TokenCodec codec = new TokenCodec(keys, new VerifiedTokens(settings.verifiedTokenCacheSize(), clock));
    JtiSeal seal = new JtiSeal(masterKey);
    TokenMinter minter = new TokenMinter(settings, codec, seal);
    this.revocationView = new RevocationView(stores.revocations(), clock);
    this.revocationView.poll();
    SessionRevoker sessionRevoker = new SessionRevoker(stores.revocations(), stores.realms(), revocationView);
    this.clientCredentials = new ClientCredentialsGrant(minter, clock);
    LocalPasswordCheck passwords = new LocalPasswordCheck(stores.users(), passwordHasher);
    this.authServices = new AuthServices(passwords, stores.users());
    LoginGuard guard = new LoginGuard(stores.lockouts(), passwords, audit, clock);
    this.password = new PasswordGrant(authServices, guard, new SessionCap(stores.sessions(), sessionRevoker, audit),
        minter, audit, clock);
    this.browser = new BrowserSignIn(stores.browser(), clients::find, stores.users(), authServices, guard, password,
        stores.sessions(), sessionRevoker, audit, clock, masterKey.derive("browser-csrf"), settings::issuer,
        settings.browserSessions());
    this.refresh = new RefreshGrant(stores.sessions(), authServices, minter, sessionRevoker, audit,
        clock, masterKey);
    this.introspector = new Introspector(settings, codec, revocationView, stores.sessions(), clock);
    this.revoker = new Revoker(introspector, codec, seal, stores.sessions(), stores.revocations(), revocationView,
        sessionRevoker, audit, clock);
    RealmImporter.Caches caches = new RealmImporter.Caches() {
      @Override
      public void invalidateClient(RealmName realm, ClientId id) {
        Engine.this.invalidateClient(realm, id);
      }

      @Override
      public void invalidateDirectory() {
        Engine.this.invalidateDirectory();
      }
    };
    this.importer = new RealmImporter(stores, secretHasher, passwordHasher, caches);
    this.admin = new io.jeton.core.admin.Admin(stores, secretHasher, passwordHasher, sessionRevoker, keys, importer,
        caches, revocationView::poll, clock);
  }

  /** The operator's operations (SPEC 11): what the CLI and the admin API call. */
  public io.jeton.core.admin.Admin admin() {
    return admin;
  }

  /** Browser sign-in (SPEC 9): the authorization endpoint's rules, the login, codes, the cookie exchange, logout. */
  public BrowserSignIn browser() {
    return browser;
  }

  public EngineSettings settings() {
    return settings;
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

  /**
   * The client authentication methods this node supports (RFC 8414 {@code
   * token_endpoint_auth_methods_supported}): the secret methods, and the certificate methods when
   * requests can carry a client certificate (RFC 8705 section 2).
   */
  public List<String> authMethodsSupported() {
    List<String> methods = new java.util.ArrayList<>(List.of(ClientCredentials.Method.CLIENT_SECRET_BASIC.wire(),
        ClientCredentials.Method.CLIENT_SECRET_POST.wire(), ClientCredentials.Method.PRIVATE_KEY_JWT.wire()));
    if (settings.certificateTrust().offered()) {
      methods.add(ClientCredentials.Method.TLS_CLIENT_AUTH.wire());
      methods.add(ClientCredentials.Method.SELF_SIGNED_TLS_CLIENT_AUTH.wire());
    }
    return List.copyOf(methods);
  }

  public Optional<Client> client(Realm realm, ClientId id) {
    return clients.find(realm.name(), id);
  }

  /**
   * Authenticates a client (RFC 6749 section 2.3, RFC 8705 section 2: by its secret, or by the TLS
   * client certificate in {@code ctx}) and makes the caller core acts for: {@link
   * Caller.Authenticated} for a confidential client that proved its secret or certificate, {@link
   * Caller.Public} for a public client that sent none.
   */
  public ClientAuthentication authenticateClient(Realm realm, ClientCredentials credentials, RequestContext ctx) {
    return caller(clients.authenticate(realm, credentials, ctx));
  }

  private static ClientAuthentication caller(ClientAuthenticator.Verification v) {
    return switch (v) {
      case ClientAuthenticator.Verification.Verified(var client, var method, var certificate) ->
          new ClientAuthentication.Authenticated(
              client.isPublic() ? new Caller.Public(client) : new Caller.Authenticated(client, method, certificate));
      case ClientAuthenticator.Verification.Rejected(var error) -> new ClientAuthentication.Rejected(error);
    };
  }

  /**
   * Whether {@code realm} is open to the client-less dialect of {@code binding}, and as which
   * client: the mount's client for the mount's own realm, else the client the realm names for the
   * dialect; a realm that names none is unknown to the dialect (SPEC 3 intro, review CR1).
   */
  public DialectAccess dialectAccess(Realm realm, DialectAccess.Binding binding) {
    String dialect = binding.dialect();
    boolean mountRealm = binding.realm().filter(realm.name()::equals).isPresent();
    Optional<ClientId> named = (mountRealm ? binding.client() : Optional.<ClientId>empty())
        .or(() -> realm.dialectClient(dialect));
    if (named.isEmpty()) {
      return mountRealm
          ? new DialectAccess.NotConfigured("no client is configured for the " + dialect + " dialect in realm '"
              + realm.name() + "' (dialects." + dialect + ".client or realms[].dialects." + dialect + ".client)", true)
          : new DialectAccess.UnknownRealm("tenant '" + realm.name() + "' does not exist");
    }
    Optional<Client> client = clients.find(realm.name(), named.get());
    if (client.isEmpty()) {
      return new DialectAccess.NotConfigured("client '" + named.get() + "' of the " + dialect
          + " dialect does not exist in realm '" + realm.name() + "'", mountRealm);
    }
    return new DialectAccess.Granted(new Caller.DialectClient(client.get(), dialect));
  }

  /**
   * Every token request, from any dialect: the caller's rights are checked here, once, from the
   * command (SPEC 3 intro, SPEC 7); a refusal is a {@link TokenOutcome.Denied}.
   */
  public TokenOutcome token(TokenCommand command, RequestContext ctx) {
    Optional<OAuthError> limited = rateLimits.take(command.caller().client());
    if (limited.isPresent()) {
      return TokenOutcome.denied(limited.get());
    }
    // RFC 9449 section 5: a proof, when sent, is checked before anything else of the request.
    Optional<String> jkt = Optional.empty();
    if (command.dpop().isPresent()) {
      switch (dpop.verify(command.realm(), command.dpop().get())) {
        case DpopVerifier.Result.Verified(var thumbprint) -> jkt = Optional.of(thumbprint);
        case DpopVerifier.Result.Refused(var error) -> {
          return TokenOutcome.denied(error);
        }
      }
    }
    Confirmation cnf = Confirmation.dpopKey(jkt);
    TokenOutcome outcome = switch (command) {
      case TokenCommand.ClientCredentials c -> clientCredentials.issue(c.realm(), c.caller(), c.scope(),
          c.resources(), cnf);
      case TokenCommand.Password c -> password.issue(c.realm(), c.caller(), c.user().username(),
          c.user().password(), c.scope(), c.resources(), ctx, cnf);
      case TokenCommand.Login c -> password.login(c.realm(), c.caller(),
          c.authService().orElseGet(() -> authServices.of(c.realm()).get(0).id()), c.parameters(), Optional.empty(),
          ctx);
      case TokenCommand.AuthorizationCode c -> browser.redeem(c.realm(), c.caller(), c.code(), c.redirectUri(),
          c.codeVerifier(), ctx, cnf);
      case TokenCommand.Refresh c -> refresh.refresh(c.realm(), c.caller(), c.refreshToken(), c.scope(),
          c.resources(), c.expected().authService(), c.expected().username(), ctx, jkt);
    };
    if (outcome instanceof TokenOutcome.Issued) {
      issued[grantOf(command).ordinal()].increment();
    }
    return outcome;
  }

  /** The grant a command is counted under: a dialect's login with an authentication service is a password login. */
  private static GrantType grantOf(TokenCommand command) {
    return switch (command) {
      case TokenCommand.ClientCredentials c -> GrantType.CLIENT_CREDENTIALS;
      case TokenCommand.Password c -> GrantType.PASSWORD;
      case TokenCommand.Login c -> GrantType.PASSWORD;
      case TokenCommand.AuthorizationCode c -> GrantType.AUTHORIZATION_CODE;
      case TokenCommand.Refresh c -> GrantType.REFRESH_TOKEN;
    };
  }

  /** How many token responses of {@code grant} this node gave since start (metrics). */
  public long tokensIssued(GrantType grant) {
    return issued[grant.ordinal()].sum();
  }

  /**
   * How many audit events of {@code type} this node recorded since start (metrics: refreshes,
   * reuse detections, revocations, login failures, lockouts), stored or not.
   */
  public long auditEvents(AuditType type) {
    return audit.recorded(type);
  }

  /**
   * The DPoP nonce a client should put in its next proof ({@code DPoP-Nonce}, RFC 9449 section
   * 8.1); empty when this server asks for none. Valid on every node for a few minutes.
   */
  public Optional<String> dpopNonce(Realm realm) {
    return dpopNonces.map(n -> n.current(realm.name(), clock.instant()));
  }

  /** The algorithms a DPoP proof may be signed with (metadata {@code dpop_signing_alg_values_supported}). */
  public List<String> dpopAlgorithms() {
    return DpopVerifier.ALGORITHMS;
  }

  /** The authentication services the realm allows, for service discovery. */
  public List<AuthService> authServices(Realm realm) {
    return authServices.of(realm);
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

  /**
   * RFC 7662 for {@code caller} (an authenticated confidential client only, SPEC 7), with the
   * user's {@code username} for a token of a user session.
   */
  public Introspection introspect(Realm realm, Caller caller, String token) {
    return withUsername(realm, introspector.introspect(realm, caller, token, false));
  }

  /**
   * An access token checked for {@code caller} (C1 validate, onesait check_token): as {@link
   * #introspect}, but a refresh token is inactive.
   */
  public Introspection validate(Realm realm, Caller caller, String token) {
    return withUsername(realm, introspector.introspect(realm, caller, token, true));
  }

  private Introspection withUsername(Realm realm, Introspection result) {
    if (result instanceof Introspection.Active a && a.claims().sessionId().isPresent()) {
      return user(realm, new UserId(a.claims().subject()))
          .<Introspection>map(u -> new Introspection.Active(a.claims(), a.tokenType(), Optional.of(u.username())))
          .orElse(a);
    }
    return result;
  }

  /**
   * The claims of a valid, unexpired, unrevoked access token of this realm, with no caller: for
   * the server's own checks and tests; dialects use {@link #validate} or {@link #revoke}.
   */
  public Optional<AccessClaims> validateAccessToken(Realm realm, String token) {
    return introspector.accessToken(realm, token);
  }

  /**
   * Revokes {@code token} for {@code caller} in one write, and with {@link RevocationScope#SESSION_OF_TOKEN}
   * its whole session (onesait revoke_token, Amino {@code DELETE /session}).
   */
  public RevocationOutcome revoke(Realm realm, Caller caller, String token, RevocationScope scope,
      RequestContext ctx) {
    return revoker.revoke(realm, caller, token, scope, ctx);
  }

  /**
   * The realm's public JWK Set as JSON, RFC 7517 section 5: every key not past its deletion time,
   * the pending one included (SPEC 10); rendered once per key change, never per request.
   */
  public String jwks(Realm realm) {
    return keys.keys(realm).jwksJson();
  }

  /** Every stored signing key of the realm with its lifecycle, oldest first, read from the store ({@code keys list}). */
  public List<KeySchedule> signingKeys(Realm realm) {
    return keys.stored(realm.name());
  }

  /**
   * Rotates the realm's signing keys ({@code bin/jeton keys rotate}, SPEC 10): the new key is
   * published at once and signs after the realm's {@code keyPublishSeconds}, or at once when
   * {@code immediately} (a compromised key; tokens the new key signs may then fail on nodes that
   * have not loaded it yet). Returns the new key.
   */
  public KeySchedule rotateKeys(Realm realm, boolean immediately) {
    return keys.rotate(realm, immediately);
  }

  /**
   * Brings in the signing keys other nodes made, retired or deleted: one query, then one per
   * changed realm this node holds. Call every {@code keys.reloadSeconds}; returns how many realms
   * were reloaded.
   */
  public int reloadKeys() {
    return keys.reloadChanged();
  }

  /** This node's purge job, which also rotates signing keys on their schedule (SPEC 4, 7, 10). */
  public Janitor janitor(PurgeLock lock, Duration auditRetention, int batchSize) {
    return new Janitor(stores, lock, clock, auditRetention, batchSize, keys);
  }

  /**
   * Applies a realm import idempotently ({@link io.jeton.core.admin.Directory}): secrets and
   * passwords are hashed before anything is stored.
   *
   * @throws IllegalArgumentException with every problem of the import, before any write
   */
  public void importRealm(RealmImport in) {
    importer.apply(in);
  }

  /**
   * Lifts the lockout of the realm's user {@code username} and forgets its failures ({@code
   * bin/jeton user unlock}, SPEC 7).
   */
  public Unlock unlockUser(Realm realm, String username) {
    if (stores.users().findByUsername(realm.name(), username).isEmpty()) {
      return Unlock.NO_SUCH_USER;
    }
    return stores.lockouts().clear(realm.name(), username) ? Unlock.LIFTED : Unlock.NOTHING_TO_LIFT;
  }

  /** How many stored password hashes were checked since start (metrics; lockout tests count them). */
  public long passwordVerifications() {
    return passwordHasher.verifications();
  }

  /**
   * Stores an action of the admin REST API ({@link io.jeton.core.audit.AuditType#ADMIN_ACTION},
   * SPEC 11) before the request is answered: rare, and not to be lost. Only that type: no front end
   * writes another kind of event in core's name.
   *
   * @throws IllegalArgumentException for an event of another type
   */
  public void auditAdminAction(io.jeton.core.audit.AuditEvent event) {
    if (event.type() != io.jeton.core.audit.AuditType.ADMIN_ACTION) {
      throw new IllegalArgumentException("only admin actions are recorded this way, not " + event.type());
    }
    audit.recordNow(event);
  }

  /** Waits until the audit events recorded so far are stored (tests, orderly shutdown). */
  public void flushAudit() {
    audit.flush();
  }

  /** Brings in revocations made by other nodes; call about every 250 ms in a cluster. */
  public int pollRevocations() {
    return revocationView.poll();
  }

  public void evictExpiredRevocations() {
    revocationView.evictExpired();
  }

  /** How many routine audit events could not be stored since start (SPEC 4: never silently; /metrics). */
  public long auditEventsDropped() {
    return audit.dropped();
  }

  /** How many unexpired revocations this node holds in memory (metrics, and tests of the bound). */
  public int revocationsHeld() {
    return revocationView.size();
  }

  /**
   * Brings in a change another node committed ({@link io.jeton.core.change.ChangeFeed}, SPEC 10):
   * polls the revocation view at once, reloads the realm's keys, or reloads the cached realm,
   * client or user in the background (the old value serves until the new one is read, so a
   * notice while the store is away changes nothing). {@link Change.Everything} polls, reloads the
   * keys that changed and forgets the cached directory, so that each entry is read again on its
   * next use (the last values read still serve if the store fails). Throws what the store throws.
   */
  public void applyChange(Change change) {
    switch (change) {
      case Change.Revocation r -> revocationView.poll();
      case Change.Keys(var realm) -> keys.reload(realm);
      case Change.Realm(var realm) -> {
        realms.refresh(realm);
        keys.reload(realm);
      }
      case Change.Client(var realm, var id) -> clients.refresh(realm, id);
      case Change.User(var realm, var id) -> users.refresh(new UserKey(realm, id));
      case Change.Everything e -> {
        realms.invalidateAll();
        clients.invalidateAll();
        users.invalidateAll();
        try {
          revocationView.poll();
        } finally {
          keys.reloadChanged();
        }
      }
    }
  }

  /** Forgets cached realms, users and keys (after an import on this node). */
  public void invalidateDirectory() {
    realms.invalidateAll();
    users.invalidateAll();
    // only what this node holds: listing every stored realm made each import (and so each start)
    // cost as much as the realms stored (SPEC 10: 10^4 realms without slower start-up)
    keys.invalidateAll();
  }

  public void invalidateClient(RealmName realm, ClientId id) {
    clients.invalidate(realm, id);
  }

  @Override
  public void close() {
    authServices.close();
    audit.close();
    passwordHasher.close();
  }
}
