package io.jeton.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.client.Client;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.AuthServiceRef;
import io.jeton.core.realm.KeyPolicy;
import io.jeton.core.realm.LockoutPolicy;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.dialect.SeedDialect;
import io.jeton.dialect.wire.DialectMount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code realms:} and {@code dialects:} sections of SPEC section 5 into
 * {@link RealmImport}s and {@link DialectMount}s (each dialect's defaults, overridden by the file),
 * collecting every problem with its path ({@code jeton.yaml: realms[0].clients[1].grants: ...})
 * instead of stopping at the first.
 */
public final class ImportReader {
  private static final long MAX_TTL = 315_360_000L; // ten years

  public static final ConfigOption REALM_NAME = ConfigOption.string("name", "",
      "Required. The realm's path segment (`/realms/{name}`): letters, digits, `-`, `_`, `.`; at most 64.");
  public static final ConfigOption ISSUER_NAME = ConfigOption.string("issuerName", "",
      "C1's `issuer` field (default: the realm name); the JWT `iss` is always the realm URL.");
  public static final ConfigOption AUDIENCE = ConfigOption.string("audience", "",
      "`aud` of access tokens; empty means the client id.");
  public static final ConfigOption ACCESS_TTL = ConfigOption.integer("accessTokenTtl",
      Realm.DEFAULT_ACCESS_TTL.toSeconds(), 1, MAX_TTL, "Access token lifetime in seconds.");
  public static final ConfigOption REFRESH_TTL = ConfigOption.integer("refreshTokenTtl",
      Realm.DEFAULT_REFRESH_TTL.toSeconds(), 1, MAX_TTL, "Sliding refresh token lifetime in seconds.");
  public static final ConfigOption SESSION_MAX_TTL = ConfigOption.integer("sessionMaxTtl",
      Realm.DEFAULT_SESSION_MAX_TTL.toSeconds(), 1, MAX_TTL, "Absolute session lifetime in seconds.");
  public static final ConfigOption REUSE_GRACE = ConfigOption.integer("refreshReuseGrace",
      Realm.DEFAULT_REUSE_GRACE.toSeconds(), 0, Realm.MAX_REUSE_GRACE.toSeconds(),
      "Seconds a just-used refresh token may be retried by the same client, authenticated the same way, and get"
          + " the same new one (audited as `refresh_replayed`); 0 = strict; at most 60.");
  public static final ConfigOption SIGNING_ALGORITHM = ConfigOption.string("signingAlgorithm", "ES256",
      "`ES256`, `RS256`, `EdDSA` or `HS256`.");
  public static final ConfigOption ACCESS_TOKEN_TYP = ConfigOption.string("accessTokenTyp",
      AccessTokenTyp.AT_JWT.value(), "The `typ` header of access tokens: `at+jwt` (RFC 9068 section 2.1) or `JWT`, "
          + "for resource servers whose default verifiers accept only `JWT` (Spring Security 7, Nimbus's "
          + "`DefaultJWTProcessor`). Introspection accepts tokens of either `typ`, so a change keeps tokens already "
          + "issued valid. See docs/integrations.md.");
  public static final ConfigOption MAX_SESSIONS_PER_USER = ConfigOption.integer("maxSessionsPerUser", 0, 0,
      Realm.MAX_SESSIONS_PER_USER, "Live sessions one user may hold; a login beyond it revokes the user's oldest "
          + "session (its refresh and access tokens stop working); 0 = no cap.");
  public static final ConfigOption LOCKOUT_MAX_FAILURES = ConfigOption.integer("maxFailures",
      LockoutPolicy.DEFAULTS.maxFailures(), 0, LockoutPolicy.MAX_COUNT, "Consecutive failed password checks of one "
          + "username, through any API, before it is locked (the answer stays that of a wrong password); 0 = off.");
  public static final ConfigOption LOCKOUT_LOCK_SECONDS = ConfigOption.integer("lockSeconds",
      LockoutPolicy.DEFAULTS.lock().toSeconds(), 1, LockoutPolicy.MAX_LOCK.toSeconds(),
      "The first lock; each further lock in a row doubles it.");
  public static final ConfigOption LOCKOUT_MAX_LOCK_SECONDS = ConfigOption.integer("maxLockSeconds",
      LockoutPolicy.DEFAULTS.maxLock().toSeconds(), 1, LockoutPolicy.MAX_LOCK.toSeconds(),
      "The longest lock; a username quiet this long after its last failure or lock starts again from zero.");
  public static final ConfigOption LOCKOUT_CLIENT_MAX_FAILURES = ConfigOption.integer("clientMaxFailures",
      LockoutPolicy.DEFAULTS.clientMaxFailures(), 0, LockoutPolicy.MAX_COUNT, "Failed authentications of one client "
          + "from one address in a minute before that address gets 429 with `Retry-After` for that client; 0 = off.");
  /** The keys of a realm's {@code lockout:} map (SPEC 7). */
  public static final List<ConfigOption> LOCKOUT_KEYS = List.of(LOCKOUT_MAX_FAILURES, LOCKOUT_LOCK_SECONDS,
      LOCKOUT_MAX_LOCK_SECONDS, LOCKOUT_CLIENT_MAX_FAILURES);
  public static final ConfigOption KEY_ROTATION_DAYS = ConfigOption.integer("keyRotationDays",
      KeyPolicy.DEFAULTS.rotation().toDays(), 0, KeyPolicy.MAX_ROTATION.toDays(), "Days after which the purge job "
          + "rotates the realm's signing key (on one node of a cluster); `bin/jeton keys rotate` rotates on demand; "
          + "0 = on demand only. See docs/keys.md.");
  public static final ConfigOption KEY_PUBLISH_SECONDS = ConfigOption.integer("keyPublishSeconds",
      KeyPolicy.DEFAULTS.publish().toSeconds(), 1, KeyPolicy.MAX_PUBLISH.toSeconds(), "Seconds a new signing key is "
          + "in the JWKS before it signs, so that every node and every resource server's cached JWKS has it first; "
          + "JWKS responses are cached for half of it (at most 300 s). Keep it at least six times "
          + "`keys.reloadSeconds` plus the nodes' clock skew; shorter than `keyRotationDays`. See docs/keys.md.");
  /** Realm keys besides the lists ({@code clients}, {@code users}, {@code authServices}). */
  public static final List<ConfigOption> REALM_KEYS = List.of(REALM_NAME, ISSUER_NAME, AUDIENCE, ACCESS_TTL,
      REFRESH_TTL, SESSION_MAX_TTL, REUSE_GRACE, SIGNING_ALGORITHM, ACCESS_TOKEN_TYP, MAX_SESSIONS_PER_USER,
      KEY_ROTATION_DAYS, KEY_PUBLISH_SECONDS);

  /** Client keys, with their docs. */
  public static final Map<String, String> CLIENT_KEYS = ordered(
      "id", "Required. Client id, unique in the realm, 1 to 128 characters.",
      "secret", "Client secret, hashed on import; required unless `public: true`, or the client has `jwks`, or it "
          + "authenticates with a TLS certificate (`certificateSubject` or `certificate`).",
      "secretHash", "The secret as Jeton stored it (`hmac-sha256$...`), instead of `secret`: what `bin/jeton export` "
          + "writes. It matches only under the master key of the database it was exported from.",
      "public", "`true` for a public client (no secret): refresh of its own tokens and the client-less dialects"
          + " only; no introspection (default `false`).",
      "grants", "Allowed grants: `authorization_code` (browser sign-in with PKCE S256, SPEC 9; needs `redirectUris`),"
          + " `password`, `refresh_token`, `client_credentials`. A public client may use only `authorization_code`"
          + " and `refresh_token` (and the client-less dialects).",
      "scopes", "Scopes the client may request.",
      "rateLimit", "Token requests per second this client may make on each node (integer, 0 to "
          + Client.MAX_RATE_LIMIT + "); beyond it 429 with `Retry-After`; default 0 = no limit.",
      "certificateSubject", "Subject DN (RFC 2253, e.g. `CN=app,O=Acme`) of the CA-issued TLS client certificate "
          + "of this client (`tls_client_auth`, RFC 8705 section 2.1; the chain must verify against "
          + "`tls.clientCaFile`). With a secret too, every request needs both (C1 seed 000).",
      "jwks", "The client's public JWK Set (`{keys: [...]}`, as a YAML or JSON map) for `private_key_jwt` (RFC 7523):"
          + " assertions signed by one of these keys (RSA, EC P-256/P-384/P-521, Ed25519; RS*, PS*, ES*, EdDSA)"
          + " authenticate the client. Public keys only: a private part is refused at import. A client with `jwks`"
          + " needs no `secret`.",
      "resources", "Resource indicators (RFC 8707) the client may ask for with `resource`: absolute URIs without a"
          + " fragment; a granted one becomes the access token's `aud`.",
      "certificate", "PEM of the client's self-signed certificate (`self_signed_tls_client_auth`, RFC 8705 "
          + "section 2.2): the presented certificate must be exactly this one.",
      "authMethods", "Methods the client may authenticate with: `client_secret_basic`, `client_secret_post`, "
          + "`private_key_jwt`, `tls_client_auth`, `self_signed_tls_client_auth`, `none`. Default: the secret "
          + "methods with a secret, `private_key_jwt` with `jwks`, `tls_client_auth` with a `certificateSubject`, "
          + "`self_signed_tls_client_auth` with a `certificate`, `none` for a public client.",
      "certificateBoundTokens", "`true`: whenever the client presents a TLS client certificate, its access "
          + "tokens carry `cnf.x5t#S256` (RFC 8705 section 3), even when it authenticated with its secret "
          + "(default `false`; tokens of certificate-authenticated clients are always bound).",
      "redirectUris", "Redirect URIs of the client's authorization requests (SPEC 9): absolute, no fragment, no "
          + "wildcard; a `redirect_uri` must equal one of them exactly (RFC 9700 section 2.1).",
      "postLogoutRedirectUris", "Where the logout endpoint may send the browser afterwards "
          + "(`post_logout_redirect_uri` with this client's `client_id`), compared exactly; any other value gets the "
          + "\"signed out\" page.");
  /** User keys, with their docs. */
  public static final Map<String, String> USER_KEYS = ordered(
      "username", "Required. 1 to 255 characters, no control characters, unique in the realm.",
      "password", "Password, hashed with Argon2id on import; omit for a user without a local password.",
      "id", "The user's id, the `sub` of its tokens (1 to 64 characters): kept for a new user, as `bin/jeton "
          + "export` writes it; an existing user keeps its own; default a random UUID.",
      "passwordHash", "The password as Jeton stored it (an Argon2id PHC string, `$argon2id$...`), instead of "
          + "`password`: what `bin/jeton export` writes.",
      "enabled", "Whether the user may log in (default `true`).",
      "roles", "Roles (onesait `authorities`).",
      "attributes", "String attributes: `customerId`, `accountId`, `userProfileId`, anything else.");
  /** Dialect mount keys, with their docs. */
  public static final Map<String, String> DIALECT_KEYS = ordered(
      "realm", "Realm served when no tenant header names one.",
      "tenantHeader", "Request header that names the realm (AGS: `nv-tenant-id`).",
      "client", "Client that sessions created through this dialect belong to (AGS, Amino).",
      "prefix", "Path prefix to mount the dialect under instead of its default.",
      "enabled", "Whether the dialect is mounted (default `true`).");
  /** Keys of a realm's own {@code dialects:} entries, with their docs. */
  public static final Map<String, String> REALM_DIALECT_KEYS = ordered(
      "client", "Client of this realm that AGS or Amino acts as here (required for a realm reached through a"
          + " tenant header); a public client is recommended: a confidential one's refresh tokens are then"
          + " redeemable through that dialect without its secret.");

  private final List<RealmImport> realms = new ArrayList<>();
  private final Map<String, DialectMount> dialects = new LinkedHashMap<>();
  private final Set<String> realmNames = new LinkedHashSet<>();
  private final List<String> problems;

  /** A reader that adds its problems to {@code problems}. */
  public ImportReader(List<String> problems) {
    this.problems = problems;
  }

  public List<RealmImport> realms() {
    return List.copyOf(realms);
  }

  public Map<String, DialectMount> dialects() {
    return Map.copyOf(dialects);
  }

  /** Reads a {@code realms:} list; {@code where} prefixes each problem ({@code "jeton.yaml: realms"}). */
  public void readRealms(JsonNode list, String where) {
    if (!list.isArray()) {
      problems.add(where + ": expected a list of realms, got " + typeName(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      readRealm(list.get(i), where + "[" + i + "]");
    }
  }

  /** Reads a {@code dialects:} map. */
  public void readDialects(JsonNode map, String where) {
    if (map.isNull()) {
      return;
    }
    if (!map.isObject()) {
      problems.add(where + ": expected a map of dialect names, got " + typeName(map));
      return;
    }
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      String at = where + "." + e.getKey();
      if (SeedDialect.named(e.getKey()).isEmpty()) {
        problems.add(at + ": unknown dialect '" + e.getKey() + "' (known: " + String.join(", ", SeedDialect.names())
            + ")");
        continue;
      }
      JsonNode d = e.getValue();
      if (!d.isObject()) {
        problems.add(at + ": expected a map, got " + typeName(d));
        continue;
      }
      unknownKeys(d, at, DIALECT_KEYS.keySet());
      DialectMount dflt = SeedDialect.named(e.getKey()).orElseThrow().defaultMount();
      Optional<String> realm = text(d, "realm", at);
      Optional<String> client = text(d, "client", at);
      Optional<String> header = text(d, "tenantHeader", at);
      String prefix = text(d, "prefix", at).orElse(dflt.prefix());
      boolean enabled = bool(d, "enabled", at, dflt.enabled());
      try {
        dialects.put(e.getKey(), new DialectMount(e.getKey(), enabled, prefix, realm.map(RealmName::new),
            header.isPresent() ? header : dflt.tenantHeader(), client.map(ClientId::new)));
      } catch (IllegalArgumentException ex) {
        problems.add(at + ": " + ex.getMessage());
      }
    }
  }

  private void readRealm(JsonNode r, String at) {
    if (!r.isObject()) {
      problems.add(at + ": expected a realm (a map), got " + typeName(r));
      return;
    }
    Set<String> known = new LinkedHashSet<>();
    REALM_KEYS.forEach(k -> known.add(k.key()));
    known.addAll(List.of("clients", "users", "authServices", "dialects", "lockout"));
    unknownKeys(r, at, known);
    int before = problems.size();

    Optional<String> name = text(r, "name", at);
    RealmName realmName = null;
    if (name.isEmpty()) {
      problems.add(at + ".name: required");
    } else {
      try {
        realmName = new RealmName(name.get());
        at = at + " (" + name.get() + ")";
        if (!realmNames.add(name.get())) {
          problems.add(at + ": realm '" + name.get() + "' is defined twice");
        }
      } catch (IllegalArgumentException e) {
        problems.add(at + ".name: " + e.getMessage());
      }
    }
    Optional<String> issuerName = text(r, ISSUER_NAME.key(), at);
    Optional<String> audience = text(r, AUDIENCE.key(), at);
    Duration access = seconds(r, ACCESS_TTL, at);
    Duration refresh = seconds(r, REFRESH_TTL, at);
    Duration sessionMax = seconds(r, SESSION_MAX_TTL, at);
    Duration grace = seconds(r, REUSE_GRACE, at);
    int maxSessions = (int) integer(r, MAX_SESSIONS_PER_USER, at);
    long rotationDays = integer(r, KEY_ROTATION_DAYS, at);
    long publishSeconds = integer(r, KEY_PUBLISH_SECONDS, at);
    SigningAlgorithm alg = null;
    Optional<String> algName = text(r, SIGNING_ALGORITHM.key(), at);
    if (algName.isPresent()) {
      try {
        alg = SigningAlgorithm.parse(algName.get());
      } catch (IllegalArgumentException e) {
        problems.add(at + ".signingAlgorithm: " + e.getMessage());
      }
    }
    AccessTokenTyp typ = null;
    Optional<String> typName = text(r, ACCESS_TOKEN_TYP.key(), at);
    if (typName.isPresent()) {
      try {
        typ = AccessTokenTyp.parse(typName.get());
      } catch (IllegalArgumentException e) {
        problems.add(at + "." + ACCESS_TOKEN_TYP.key() + ": " + e.getMessage());
      }
    }
    List<AuthServiceRef> services = authServices(r.get("authServices"), at + ".authServices");
    List<RealmImport.ClientImport> clients = clients(r.get("clients"), at + ".clients");
    List<RealmImport.UserImport> users = users(r.get("users"), at + ".users");
    Map<String, ClientId> dialectClients = realmDialects(r.get("dialects"), at + ".dialects");
    LockoutPolicy lockout = lockout(r.get("lockout"), at + ".lockout");
    if (realmName == null) {
      return;
    }
    String here = at;
    List<String> invalid = Directory.validate(new RealmImport(
        Realm.withDefaults(realmName).withDialectClients(dialectClients), clients, users));
    invalid.forEach(p -> problems.add(here + ": " + p));
    if (problems.size() > before) {
      return;
    }
    try {
      Realm realm = new Realm(realmName, issuerName.orElse(null), audience, access, refresh, sessionMax, grace,
          alg, services, maxSessions, dialectClients, lockout,
          new KeyPolicy(Duration.ofDays(rotationDays), Duration.ofSeconds(publishSeconds)), typ);
      realms.add(new RealmImport(realm, clients, users));
    } catch (IllegalArgumentException e) {
      problems.add(at + ": " + e.getMessage());
    }
  }

  private List<RealmImport.ClientImport> clients(JsonNode list, String where) {
    List<RealmImport.ClientImport> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : items(list, where)) {
      String at = where + "[" + i++ + "]";
      if (!c.isObject()) {
        problems.add(at + ": expected a client (a map), got " + typeName(c));
        continue;
      }
      unknownKeys(c, at, CLIENT_KEYS.keySet());
      Optional<String> id = text(c, "id", at);
      if (id.isEmpty()) {
        problems.add(at + ".id: required");
        continue;
      }
      out.add(new RealmImport.ClientImport(id.get(), text(c, "secret", at), Set.copyOf(strings(c, "grants", at)),
          Set.copyOf(strings(c, "scopes", at)), text(c, "certificateSubject", at), bool(c, "public", at, false),
          (int) integer(c, RATE_LIMIT, at), jwks(c, at), strings(c, "resources", at), text(c, "certificate", at),
          strings(c, "authMethods", at), bool(c, "certificateBoundTokens", at, false), strings(c, "redirectUris", at),
          strings(c, "postLogoutRedirectUris", at), text(c, "secretHash", at)));
    }
    return out;
  }

  /** A client's {@code jwks}: a map (a JWK Set), kept as its JSON text; core checks its keys. */
  private Optional<String> jwks(JsonNode c, String at) {
    JsonNode n = c.get("jwks");
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      problems.add(at + ".jwks: expected a JWK Set (a map with `keys`), got " + typeName(n));
      return Optional.empty();
    }
    return Optional.of(n.toString());
  }

  private static final ConfigOption RATE_LIMIT = ConfigOption.integer("rateLimit", 0, 0, Client.MAX_RATE_LIMIT,
      "Token requests per second on each node; 0 = none.");

  /** A realm's {@code lockout:} map (SPEC 7); the defaults where it is absent, null after a problem. */
  private LockoutPolicy lockout(JsonNode map, String where) {
    if (map == null || map.isNull()) {
      return LockoutPolicy.DEFAULTS;
    }
    if (!map.isObject()) {
      problems.add(where + ": expected a map (" + LOCKOUT_KEYS.stream().map(ConfigOption::key).toList() + "), got "
          + typeName(map));
      return null;
    }
    unknownKeys(map, where, LOCKOUT_KEYS.stream().map(ConfigOption::key)
        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    int before = problems.size();
    int maxFailures = (int) integer(map, LOCKOUT_MAX_FAILURES, where);
    long lock = integer(map, LOCKOUT_LOCK_SECONDS, where);
    long maxLock = integer(map, LOCKOUT_MAX_LOCK_SECONDS, where);
    int clientMax = (int) integer(map, LOCKOUT_CLIENT_MAX_FAILURES, where);
    if (problems.size() > before) {
      return null;
    }
    try {
      return new LockoutPolicy(maxFailures, Duration.ofSeconds(lock), Duration.ofSeconds(maxLock), clientMax);
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * A realm's own {@code dialects:} map: for each client-less dialect, the client it acts as in
   * this realm (SPEC 3 intro, review CR1).
   */
  private Map<String, ClientId> realmDialects(JsonNode map, String where) {
    Map<String, ClientId> out = new LinkedHashMap<>();
    if (map == null || map.isNull()) {
      return out;
    }
    if (!map.isObject()) {
      problems.add(where + ": expected a map of dialect names, got " + typeName(map));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      String at = where + "." + e.getKey();
      Optional<SeedDialect> seed = SeedDialect.named(e.getKey());
      if (seed.isEmpty() || !seed.get().clientLess()) {
        problems.add(at + ": only the dialects that authenticate no client take a client here (known: "
            + String.join(", ", SeedDialect.names().stream()
                .filter(n -> SeedDialect.named(n).orElseThrow().clientLess()).toList()) + ")");
        continue;
      }
      JsonNode d = e.getValue();
      if (!d.isObject()) {
        problems.add(at + ": expected a map, got " + typeName(d));
        continue;
      }
      unknownKeys(d, at, REALM_DIALECT_KEYS.keySet());
      Optional<String> client = text(d, "client", at);
      if (client.isEmpty()) {
        problems.add(at + ".client: required");
        continue;
      }
      try {
        out.put(e.getKey(), new ClientId(client.get()));
      } catch (IllegalArgumentException ex) {
        problems.add(at + ".client: " + ex.getMessage());
      }
    }
    return out;
  }

  private List<RealmImport.UserImport> users(JsonNode list, String where) {
    List<RealmImport.UserImport> out = new ArrayList<>();
    int i = 0;
    for (JsonNode u : items(list, where)) {
      String at = where + "[" + i++ + "]";
      if (!u.isObject()) {
        problems.add(at + ": expected a user (a map), got " + typeName(u));
        continue;
      }
      unknownKeys(u, at, USER_KEYS.keySet());
      Optional<String> username = text(u, "username", at);
      if (username.isEmpty()) {
        problems.add(at + ".username: required");
        continue;
      }
      out.add(new RealmImport.UserImport(username.get(), text(u, "password", at), bool(u, "enabled", at, true),
          strings(u, "roles", at), attributes(u.get("attributes"), at + ".attributes"), text(u, "passwordHash", at),
          text(u, "id", at)));
    }
    return out;
  }

  private List<AuthServiceRef> authServices(JsonNode list, String where) {
    List<AuthServiceRef> out = new ArrayList<>();
    int i = 0;
    for (JsonNode s : items(list, where)) {
      String at = where + "[" + i++ + "]";
      if (!s.isObject()) {
        problems.add(at + ": expected an auth service (a map with id and type), got " + typeName(s));
        continue;
      }
      Optional<String> id = text(s, "id", at);
      Optional<String> type = text(s, "type", at);
      if (id.isEmpty() || type.isEmpty()) {
        problems.add(at + ": an auth service needs an id and a type");
        continue;
      }
      Map<String, String> settings = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : s.properties()) {
        if (!e.getKey().equals("id") && !e.getKey().equals("type")) {
          scalar(e.getValue(), at + "." + e.getKey()).ifPresent(v -> settings.put(e.getKey(), v));
        }
      }
      out.add(new AuthServiceRef(id.get(), type.get(), settings));
    }
    return out;
  }

  private Map<String, String> attributes(JsonNode map, String at) {
    Map<String, String> out = new LinkedHashMap<>();
    if (map == null || map.isNull()) {
      return out;
    }
    if (!map.isObject()) {
      problems.add(at + ": expected a map of attributes, got " + typeName(map));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      scalar(e.getValue(), at + "." + e.getKey()).ifPresent(v -> out.put(e.getKey(), v));
    }
    return out;
  }

  private List<JsonNode> items(JsonNode list, String where) {
    List<JsonNode> out = new ArrayList<>();
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      problems.add(where + ": expected a list, got " + typeName(list));
      return out;
    }
    list.forEach(out::add);
    return out;
  }

  private Duration seconds(JsonNode r, ConfigOption key, String at) {
    JsonNode n = r.get(key.key());
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isValueNode()) {
      problems.add(at + "." + key.key() + ": expected an integer number of seconds, got " + typeName(n));
      return null;
    }
    try {
      return Duration.ofSeconds((Long) key.parse(n.asText()));
    } catch (IllegalArgumentException e) {
      problems.add(at + "." + key.key() + ": " + e.getMessage() + " (seconds)");
      return null;
    }
  }

  /** The integer at {@code key}, or its default when absent or invalid (then a problem is added). */
  private long integer(JsonNode r, ConfigOption key, String at) {
    long dflt = Long.parseLong(key.defaultValue());
    JsonNode n = r.get(key.key());
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isValueNode()) {
      problems.add(at + "." + key.key() + ": expected an integer, got " + typeName(n));
      return dflt;
    }
    try {
      return (Long) key.parse(n.asText());
    } catch (IllegalArgumentException e) {
      problems.add(at + "." + key.key() + ": " + e.getMessage());
      return dflt;
    }
  }

  private Optional<String> text(JsonNode obj, String key, String at) {
    JsonNode n = obj.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    return scalar(n, at + "." + key);
  }

  private Optional<String> scalar(JsonNode n, String at) {
    if (n.isNull() || !n.isValueNode()) {
      problems.add(at + ": expected a string, got " + typeName(n));
      return Optional.empty();
    }
    return Optional.of(n.asText());
  }

  private boolean bool(JsonNode obj, String key, String at, boolean dflt) {
    JsonNode n = obj.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      problems.add(at + "." + key + ": expected true or false, got " + typeName(n) + " '" + n.asText() + "'");
      return dflt;
    }
    return n.booleanValue();
  }

  private List<String> strings(JsonNode obj, String key, String at) {
    List<String> out = new ArrayList<>();
    JsonNode n = obj.get(key);
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      problems.add(at + "." + key + ": expected a list of strings, got " + typeName(n));
      return out;
    }
    for (int i = 0; i < n.size(); i++) {
      scalar(n.get(i), at + "." + key + "[" + i + "]").ifPresent(out::add);
    }
    return out;
  }

  private void unknownKeys(JsonNode obj, String at, Set<String> known) {
    for (String k : (Iterable<String>) obj::fieldNames) {
      if (!known.contains(k)) {
        problems.add(at + ": unknown key '" + k + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }

  /** A reader's word for the YAML type of a node. */
  static String typeName(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return "nothing";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isObject()) {
      return "a map";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isNumber()) {
      return "a number";
    }
    return "a string";
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
