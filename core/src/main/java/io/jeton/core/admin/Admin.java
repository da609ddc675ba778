package io.jeton.core.admin;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.SessionId;
import io.jeton.core.Stores;
import io.jeton.core.UserId;
import io.jeton.core.admin.AdminViews.ClientSpec;
import io.jeton.core.admin.AdminViews.ClientView;
import io.jeton.core.admin.AdminViews.CreatedClient;
import io.jeton.core.admin.AdminViews.ExportSink;
import io.jeton.core.admin.AdminViews.Page;
import io.jeton.core.admin.AdminViews.RealmSettings;
import io.jeton.core.admin.AdminViews.Revoked;
import io.jeton.core.admin.AdminViews.SessionView;
import io.jeton.core.admin.AdminViews.UserSpec;
import io.jeton.core.admin.AdminViews.UserView;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.core.client.Client;
import io.jeton.core.client.SecretHasher;
import io.jeton.core.keys.KeyRing;
import io.jeton.core.keys.KeySchedule;
import io.jeton.core.lockout.Unlock;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.core.revoke.SessionRevoker;
import io.jeton.core.session.Session;
import io.jeton.core.user.PasswordHasher;
import io.jeton.core.user.User;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's operations of SPEC section 11, the one entry point of both the CLI ({@code
 * bin/jeton realm|client|user|sessions|keys|audit|export|import}) and the admin REST API: realms,
 * clients, users, sessions, signing keys, the audit log, export and import. Arguments arrive as the
 * operator typed them; a refusal is an {@link AdminFailure} (unknown, duplicate, invalid) with one
 * line for the operator. Every write is one store transaction: a delete leaves no row of what it
 * deleted and nothing half-done. Every listing is a bounded page ({@link #MAX_LIMIT}).
 *
 * <p>A running node learns of a write made here through its change feed (PostgreSQL with {@code
 * db.notify}) at once, otherwise within {@code directory.cacheSeconds}; revocations within its
 * revocation poll either way.
 */
public final class Admin {
  /** The largest page of any listing. */
  public static final int MAX_LIMIT = 1000;
  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 100;

  private final Stores stores;
  private final SecretHasher secrets;
  private final PasswordHasher passwords;
  private final SessionRevoker sessions;
  private final KeyRing keys;
  private final RealmImporter importer;
  private final RealmImporter.Caches caches;
  private final Runnable pollRevocations;
  private final InstantSource clock;

  /** Built by the engine, which owns these parts ({@link io.jeton.core.Engine#admin()}). */
  public Admin(Stores stores, SecretHasher secrets, PasswordHasher passwords, SessionRevoker sessions, KeyRing keys,
      RealmImporter importer, RealmImporter.Caches caches, Runnable pollRevocations, InstantSource clock) {
    this.stores = stores;
    this.secrets = secrets;
    this.passwords = passwords;
    this.sessions = sessions;
    this.keys = keys;
    this.importer = importer;
    this.caches = caches;
    this.pollRevocations = pollRevocations;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- realms

  /** {@code realm create NAME}: a new realm with these settings. */
  public Realm createRealm(String name, RealmSettings s) {
    RealmName realmName = realmName(name);
    Realm realm;
    try {
      realm = new Realm(realmName, s.issuerName().orElse(null), s.audience(), seconds(s.accessTokenTtl()),
          seconds(s.refreshTokenTtl()), seconds(s.sessionMaxTtl()), seconds(s.refreshReuseGrace()),
          s.signingAlgorithm().map(SigningAlgorithm::parse).orElse(null), null, s.maxSessionsPerUser().orElse(0),
          null, null, null, s.accessTokenTyp().map(AccessTokenTyp::parse).orElse(null));
    } catch (IllegalArgumentException e) {
      throw new AdminFailure.Invalid("realm '" + name + "': " + e.getMessage());
    }
    if (!stores.realms().create(realm)) {
      throw new AdminFailure.Duplicate("realm '" + name + "' exists already");
    }
    caches.invalidateDirectory();
    return realm;
  }

  /** {@code realm list}: a page of realms in name order. */
  public Page<Realm> realms(Optional<String> after, int limit) {
    checkLimit(limit);
    List<Realm> rows = stores.realms().list(after.map(Admin::realmName), limit + 1);
    return page(rows, limit, r -> r.name().value());
  }

  /** {@code realm show NAME}. */
  public Realm realm(String name) {
    return stores.realms().find(realmName(name))
        .orElseThrow(() -> new AdminFailure.Unknown("no realm '" + name + "'"));
  }

  /** {@code realm delete NAME}: the realm and everything in it, at once. */
  public void deleteRealm(String name) {
    if (!stores.realms().delete(realmName(name))) {
      throw new AdminFailure.Unknown("no realm '" + name + "'");
    }
    caches.invalidateDirectory();
  }

  // ---------------------------------------------------------------- clients

  /** {@code client create}: a confidential client gets a generated secret, returned here once. */
  public CreatedClient createClient(String realm, ClientSpec spec) {
    Realm r = realm(realm);
    List<String> grants = !spec.grants().isEmpty() ? spec.grants()
        : spec.publicClient() ? List.of("authorization_code", "refresh_token") : List.of("client_credentials");
    Optional<String> secret = spec.publicClient() ? Optional.empty() : Optional.of(SecretHasher.generateSecret());
    RealmImport.ClientImport c = new RealmImport.ClientImport(spec.id(), secret, java.util.Set.copyOf(grants),
        java.util.Set.copyOf(spec.scopes()), Optional.empty(), spec.publicClient(), 0)
        .withRedirectUris(spec.redirectUris(), List.of());
    valid(new RealmImport(r, List.of(c), List.of()));
    Client client = RealmImporter.client(r.name(), c, secrets);
    if (!stores.clients().create(client)) {
      throw new AdminFailure.Duplicate("client '" + spec.id() + "' exists already in realm '" + realm + "'");
    }
    caches.invalidateClient(r.name(), client.id());
    return new CreatedClient(ClientView.of(client), secret);
  }

  /** {@code client list --realm R}: a page of clients in id order. */
  public Page<ClientView> clients(String realm, Optional<String> after, int limit) {
    checkLimit(limit);
    Realm r = realm(realm);
    List<Client> rows = stores.clients().list(r.name(), after.map(a -> clientId(a)), limit + 1);
    return page(rows.stream().map(ClientView::of).toList(), limit, ClientView::id);
  }

  /** {@code client show --realm R ID}. */
  public ClientView client(String realm, String id) {
    return ClientView.of(storedClient(realm(realm), id));
  }

  /** {@code client delete --realm R ID}: the client, its sessions (their tokens become inactive) and codes. */
  public void deleteClient(String realm, String id) {
    Realm r = realm(realm);
    Instant now = clock.instant();
    if (!stores.clients().delete(r.name(), clientId(id), now, sessions.entryExpiry(r, now))) {
      throw unknownClient(realm, id);
    }
    caches.invalidateClient(r.name(), clientId(id));
    pollRevocations.run();
  }

  /**
   * {@code client rotate-secret --realm R ID}: a new generated secret, returned here once; the old
   * one stops working at once on this node, within {@code directory.cacheSeconds} on the others.
   */
  public CreatedClient rotateSecret(String realm, String id) {
    Realm r = realm(realm);
    Client c = storedClient(r, id);
    if (c.isPublic()) {
      throw new AdminFailure.Invalid("client '" + id + "' in realm '" + realm + "' is public: it has no secret");
    }
    String secret = SecretHasher.generateSecret();
    Client rotated = new Client(c.realm(), c.id(), Optional.of(secrets.hash(secret)), c.grants(), c.scopes(),
        c.certificateSubject(), c.rateLimit(), c.jwks(), c.resources(), c.certificate(), c.authMethods(),
        c.certificateBoundTokens(), c.redirectUris(), c.postLogoutRedirectUris());
    stores.clients().upsert(rotated);
    caches.invalidateClient(r.name(), c.id());
    return new CreatedClient(ClientView.of(rotated), Optional.of(secret));
  }

  // ---------------------------------------------------------------- users

  /** {@code user create}: the password, if any, is hashed (Argon2id) before it is stored. */
  public UserView createUser(String realm, UserSpec spec) {
    Realm r = realm(realm);
    valid(new RealmImport(r, List.of(), List.of(new RealmImport.UserImport(spec.username(), spec.password(),
        spec.enabled(), spec.roles(), spec.attributes()))));
    User user = new User(r.name(), new UserId(java.util.UUID.randomUUID().toString()), spec.username(),
        spec.password().map(passwords::hash), spec.enabled(), spec.roles(), spec.attributes());
    if (!stores.users().create(user)) {
      throw new AdminFailure.Duplicate("user '" + spec.username() + "' exists already in realm '" + realm + "'");
    }
    caches.invalidateDirectory();
    return UserView.of(user);
  }

  /** {@code user list --realm R}: a page of users in username order. */
  public Page<UserView> users(String realm, Optional<String> after, int limit) {
    checkLimit(limit);
    Realm r = realm(realm);
    List<User> rows = stores.users().list(r.name(), after, limit + 1);
    return page(rows.stream().map(UserView::of).toList(), limit, UserView::username);
  }

  /** {@code user show --realm R USERNAME}. */
  public UserView user(String realm, String username) {
    return UserView.of(storedUser(realm(realm), username));
  }

  /** {@code user delete --realm R USERNAME}: the user, its sessions (their tokens become inactive), its lockout. */
  public void deleteUser(String realm, String username) {
    Realm r = realm(realm);
    User u = storedUser(r, username);
    Instant now = clock.instant();
    if (!stores.users().deleteWithSessions(r.name(), u.id(), now, sessions.entryExpiry(r, now))) {
      throw unknownUser(realm, username);
    }
    caches.invalidateDirectory();
    pollRevocations.run();
  }

  /** {@code user set-password --realm R USERNAME}: hashed (Argon2id) before it is stored; sessions stay. */
  public void setPassword(String realm, String username, String password) {
    Realm r = realm(realm);
    User u = storedUser(r, username);
    if (password == null || password.isEmpty()) {
      throw new AdminFailure.Invalid("the new password of user '" + username + "' is empty");
    }
    stores.users().upsert(new User(u.realm(), u.id(), u.username(), Optional.of(passwords.hash(password)),
        u.enabled(), u.roles(), u.attributes()));
    caches.invalidateDirectory();
  }

  /** {@code user unlock --realm R USERNAME}: lifts the lockout (SPEC 7) and forgets the failures. */
  public Unlock unlockUser(String realm, String username) {
    Realm r = realm(realm);
    storedUser(r, username);
    return stores.lockouts().clear(r.name(), username) ? Unlock.LIFTED : Unlock.NOTHING_TO_LIFT;
  }

  // ---------------------------------------------------------------- sessions

  /** {@code sessions list --realm R [--user U]}: live sessions, newest first, at most {@code limit}. */
  public List<SessionView> sessions(String realm, Optional<String> username, int limit) {
    checkLimit(limit);
    Realm r = realm(realm);
    Optional<User> user = username.map(n -> storedUser(r, n));
    List<Session> live = stores.sessions().live(r.name(), user.map(User::id), clock.instant(), limit);
    List<SessionView> out = new ArrayList<>(live.size());
    for (Session s : live) {
      Optional<String> name = user.isPresent() ? user.map(User::username)
          : stores.users().findById(r.name(), s.userId()).map(User::username);
      out.add(new SessionView(s, name));
    }
    return out;
  }

  /** {@code sessions revoke --realm R --user U}: every live session of the user, page by page. */
  public Revoked revokeSessions(String realm, String username) {
    Realm r = realm(realm);
    User u = storedUser(r, username);
    List<String> revoked = new ArrayList<>();
    while (true) {
      Instant now = clock.instant();
      List<Session> page = stores.sessions().live(r.name(), Optional.of(u.id()), now, MAX_LIMIT);
      for (Session s : page) {
        if (sessions.revoke(r, s.id(), now)) {
          revoked.add(s.id().value());
        }
      }
      if (page.size() < MAX_LIMIT) {
        return new Revoked(revoked);
      }
    }
  }

  /** {@code sessions revoke --realm R --id SID}: one session, live or not (revoking twice is no error). */
  public Revoked revokeSession(String realm, String sessionId) {
    Realm r = realm(realm);
    SessionId sid;
    try {
      sid = new SessionId(sessionId);
    } catch (IllegalArgumentException e) {
      throw new AdminFailure.Invalid("session id '" + sessionId + "': " + e.getMessage());
    }
    if (!sessions.revoke(r, sid, clock.instant())) {
      throw new AdminFailure.Unknown("no session '" + sessionId + "' in realm '" + realm + "'");
    }
    return new Revoked(List.of(sessionId));
  }

  // ---------------------------------------------------------------- keys and audit

  /** {@code keys list --realm R}: every stored signing key with its lifecycle, oldest first. */
  public List<KeySchedule> keys(String realm) {
    return keys.stored(realm(realm).name());
  }

  /** {@code keys rotate --realm R [--now]} (SPEC 10). */
  public KeySchedule rotateKeys(String realm, boolean immediately) {
    return keys.rotate(realm(realm), immediately);
  }

  /**
   * {@code audit --realm R [--type T] [--since ISO-8601] [--limit N]}: events newest first.
   *
   * @param type an {@link AuditType} in either case ({@code login_failed})
   */
  public List<AuditEvent> audit(String realm, Optional<String> type, Optional<Instant> since, int limit) {
    checkLimit(limit);
    Realm r = realm(realm);
    Optional<AuditType> t;
    try {
      t = type.map(v -> AuditType.valueOf(v.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new AdminFailure.Invalid("unknown audit type '" + type.get() + "' (known: "
          + String.join(", ", java.util.Arrays.stream(AuditType.values())
              .map(v -> v.name().toLowerCase(Locale.ROOT)).toList()) + ")");
    }
    return stores.audit().query(r.name().value(), t, since, limit);
  }

  // ---------------------------------------------------------------- export and import

  /**
   * {@code export [--realm R]}: every realm (or one) with its clients and users, secrets and
   * passwords as the hashes stored, in pages; signing keys, sessions, lockouts and the audit log are
   * not exported (docs/cli.md).
   */
  public void export(Optional<String> realm, ExportSink sink) {
    if (realm.isPresent()) {
      exportRealm(realm(realm.get()), sink);
      return;
    }
    Optional<RealmName> after = Optional.empty();
    while (true) {
      List<Realm> page = stores.realms().list(after, MAX_LIMIT);
      page.forEach(r -> exportRealm(r, sink));
      if (page.size() < MAX_LIMIT) {
        return;
      }
      after = Optional.of(page.getLast().name());
    }
  }

  private void exportRealm(Realm r, ExportSink sink) {
    sink.realm(r);
    Optional<ClientId> afterClient = Optional.empty();
    List<Client> clients;
    do {
      clients = stores.clients().list(r.name(), afterClient, MAX_LIMIT);
      clients.forEach(sink::client);
      afterClient = clients.isEmpty() ? afterClient : Optional.of(clients.getLast().id());
    } while (clients.size() == MAX_LIMIT);
    Optional<String> afterUser = Optional.empty();
    List<User> users;
    do {
      users = stores.users().list(r.name(), afterUser, MAX_LIMIT);
      users.forEach(sink::user);
      afterUser = users.isEmpty() ? afterUser : Optional.of(users.getLast().username());
    } while (users.size() == MAX_LIMIT);
    sink.endRealm();
  }

  /** {@code import FILE}: one realm of an import file, idempotently ({@link Directory}). */
  public void importRealm(RealmImport in) {
    valid(in);
    importer.apply(in);
  }

  // ---------------------------------------------------------------- helpers

  private Client storedClient(Realm r, String id) {
    return stores.clients().find(r.name(), clientId(id)).orElseThrow(() -> unknownClient(r.name().value(), id));
  }

  private User storedUser(Realm r, String username) {
    if (username == null || !User.isUsername(username)) {
      throw new AdminFailure.Invalid("a username is 1 to " + User.MAX_USERNAME
          + " characters, none a control character");
    }
    return stores.users().findByUsername(r.name(), username).orElseThrow(() -> unknownUser(r.name().value(), username));
  }

  private static AdminFailure unknownClient(String realm, String id) {
    return new AdminFailure.Unknown("no client '" + id + "' in realm '" + realm + "'");
  }

  private static AdminFailure unknownUser(String realm, String username) {
    return new AdminFailure.Unknown("no user '" + username + "' in realm '" + realm + "'");
  }

  private static void valid(RealmImport in) {
    List<String> problems = Directory.validate(in);
    if (!problems.isEmpty()) {
      throw new AdminFailure.Invalid(String.join("; ", problems));
    }
  }

  private static RealmName realmName(String name) {
    try {
      return new RealmName(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new AdminFailure.Invalid("realm name '" + name + "': " + e.getMessage());
    }
  }

  private static ClientId clientId(String id) {
    if (id == null || !ClientId.isValid(id)) {
      throw new AdminFailure.Invalid("a client id is 1 to " + ClientId.MAX_LENGTH
          + " characters, none a control character");
    }
    return new ClientId(id);
  }

  /** The longest lifetime a realm may set, in seconds (ten years, as in an import file). */
  public static final long MAX_TTL_SECONDS = 315_360_000L;

  private static Duration seconds(Optional<Long> s) {
    if (s.isPresent() && s.get() > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException("a lifetime is at most " + MAX_TTL_SECONDS + " s, got " + s.get() + " s");
    }
    return s.map(Duration::ofSeconds).orElse(null);
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new AdminFailure.Invalid("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** The first {@code limit} of {@code rows} (fetched one more), and the cursor when there are more. */
  private static <T> Page<T> page(List<T> rows, int limit, Function<T, String> key) {
    if (rows.size() <= limit) {
      return new Page<>(rows, Optional.empty());
    }
    List<T> items = rows.subList(0, limit);
    return new Page<>(items, Optional.of(key.apply(items.getLast())));
  }
}
