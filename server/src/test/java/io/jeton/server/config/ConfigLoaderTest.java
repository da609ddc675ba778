package io.jeton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.core.realm.Realm;
import io.jeton.core.realm.KeyPolicy;
import io.jeton.core.realm.AccessTokenTyp;
import io.jeton.core.realm.LockoutPolicy;
import io.jeton.core.realm.SigningAlgorithm;
import io.jeton.core.user.PasswordHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @TempDir Path dir;

  private Path yaml(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  private static LoadedConfig ok(ConfigResult r) {
    assertThat(r).isInstanceOf(ConfigResult.Ok.class);
    return ((ConfigResult.Ok) r).config();
  }

  private static List<String> problems(ConfigResult r) {
    assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
    return ((ConfigResult.Invalid) r).problems();
  }

  @Test
  void load_nothingButDemo_everyDefault() {
    ServerConfig c = ok(ConfigLoader.load(Optional.empty(), Map.of(), Map.of("demo", "true"), List.of())).server();

    assertThat(c.host()).as("--demo listens on loopback only").isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.publicUrl()).isEmpty();
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.dbUrl()).isEmpty();
    assertThat(c.dbPoolSize()).isEqualTo(16);
    assertThat(c.masterKey()).isEmpty();
    assertThat(c.masterKeyFile()).isEmpty();
    assertThat(c.demo()).isTrue();
    assertThat(c.maxBodyBytes()).isEqualTo(65536);
    assertThat(c.argon2()).isEqualTo(PasswordHasher.Params.DEFAULT);
    assertThat(c.hashThreads()).as("0: the bounded default").isZero();
    assertThat(c.revocationPoll()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.imports()).isEmpty();
    assertThat(c.lifecycle()).isEqualTo(ServerConfig.Lifecycle.DEFAULTS);
    assertThat(c.lifecycle().auditRetention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void load_fileThenEnvThenFlags_laterSourceWins() throws IOException {
    Path file = yaml("jeton.yaml",
        "port: 9000", "host: 127.0.0.1", "db:", "  url: jdbc:h2:mem:x", "  poolSize: 4", "argon2:", "  memoryKib: 64");

    ServerConfig c = ok(ConfigLoader.load(Optional.of(file),
        Map.of("JETON_PORT", "9001", "JETON_DB_POOL_SIZE", "5", "JETON_MASTER_KEY", KEY),
        Map.of("port", "9002"), List.of())).server();

    assertThat(c.port()).isEqualTo(9002);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.dbUrl()).isEqualTo("jdbc:h2:mem:x");
    assertThat(c.dbPoolSize()).isEqualTo(5);
    assertThat(c.argon2()).isEqualTo(new PasswordHasher.Params(64, 5, 1));
    assertThat(c.masterKey()).contains(KEY);
  }

  @Test
  void load_everyKeyFromEnvironment_overridesDefault() throws IOException {
    Path keyFile = dir.resolve("master.key");
    Files.writeString(keyFile, KEY + "\n");
    Map<String, String> env = Map.ofEntries(
        Map.entry("JETON_HOST", "127.0.0.1"),
        Map.entry("JETON_PORT", "0"),
        Map.entry("JETON_PUBLIC_URL", "https://auth.example.com/"),
        Map.entry("JETON_DATA_DIR", "/tmp/j"),
        Map.entry("JETON_DB_URL", "jdbc:postgresql://127.0.0.1/test"),
        Map.entry("JETON_DB_USER", "postgres"),
        Map.entry("JETON_DB_PASSWORD", "pw"),
        Map.entry("JETON_DB_POOL_SIZE", "3"),
        Map.entry("JETON_DB_NOTIFY", "false"),
        Map.entry("JETON_MASTER_KEY_FILE", keyFile.toString()),
        Map.entry("JETON_DEMO", "false"),
        Map.entry("JETON_MAX_BODY_BYTES", "2048"),
        Map.entry("JETON_ARGON2_MEMORY_KIB", "32"),
        Map.entry("JETON_ARGON2_ITERATIONS", "1"),
        Map.entry("JETON_ARGON2_PARALLELISM", "2"),
        Map.entry("JETON_HASH_THREADS", "7"),
        Map.entry("JETON_REVOCATION_POLL_MS", "100"),
        Map.entry("JETON_REVOCATION_MAX_STALENESS_MS", "2500"),
        Map.entry("JETON_AUDIT_RETENTION_DAYS", "7"),
        Map.entry("JETON_PURGE_INTERVAL_SECONDS", "30"),
        Map.entry("JETON_PURGE_BATCH_SIZE", "200"),
        Map.entry("JETON_KEYS_RELOAD_SECONDS", "7"),
        Map.entry("JETON_BROWSER_SESSION_IDLE_SECONDS", "600"),
        Map.entry("JETON_BROWSER_SESSION_MAX_SECONDS", "7200"),
        Map.entry("JETON_DIRECTORY_CACHE_SECONDS", "9"),
        Map.entry("JETON_VERIFIED_TOKENS", "12345"),
        Map.entry("JETON_TLS_CERT_FILE", "/etc/jeton/tls.crt"),
        Map.entry("JETON_TLS_KEY_FILE", "/etc/jeton/tls.key"),
        Map.entry("JETON_TLS_CLIENT_AUTH", "required"),
        Map.entry("JETON_TLS_CLIENT_CA_FILE", "/etc/jeton/clients-ca.pem"),
        Map.entry("JETON_TLS_PROXY_CERT_HEADER", "X-Client-Cert"),
        Map.entry("JETON_TLS_TRUSTED_PROXIES", "10.0.0.0/8, ::1/128"),
        Map.entry("JETON_IMPORTS", ""),
        Map.entry("JETON_DPOP_NONCE", "true"),
        Map.entry("JETON_ADMIN_REALM", "ops"),
        Map.entry("JETON_LOG_FORMAT", "json"),
        Map.entry("JETON_LOG_ACCESS", "true"),
        Map.entry("JETON_HOME", "/opt/jeton"));
    assertThat(env.keySet()).containsAll(ServerOptions.ALL.stream()
        .filter(o -> o != ServerOptions.MASTER_KEY).map(ConfigOption::envName).toList());

    LoadedConfig loaded = ok(ConfigLoader.load(Optional.empty(), env, Map.of(), List.of()));
    ServerConfig c = loaded.server();

    assertThat(loaded.log()).isEqualTo(new LogSettings(LogSettings.Format.JSON, true));
    assertThat(c).isEqualTo(new ServerConfig("127.0.0.1", 0, "https://auth.example.com/", Path.of("/tmp/j"),
        "jdbc:postgresql://127.0.0.1/test", "postgres", "pw", 3, Optional.empty(), Optional.of(keyFile), false, 2048,
        new PasswordHasher.Params(32, 1, 2), 7, Duration.ofMillis(100), List.of(),
        new ServerConfig.Lifecycle(Duration.ofMillis(2500), Duration.ofDays(7), Duration.ofSeconds(30), 200,
            Duration.ofSeconds(7), Duration.ofSeconds(9), false,
            new io.jeton.core.browser.BrowserSessionPolicy(Duration.ofSeconds(600), Duration.ofSeconds(7200)), 12345),
        new ServerConfig.Tls(Optional.of(Path.of("/etc/jeton/tls.crt")), Optional.of(Path.of("/etc/jeton/tls.key")),
            ServerConfig.Tls.ClientAuth.REQUIRED, Optional.of(Path.of("/etc/jeton/clients-ca.pem")), "X-Client-Cert",
            List.of("10.0.0.0/8", "::1/128")), true, Optional.of(new io.jeton.core.RealmName("ops"))));
  }

  @Test
  void load_adminRealmThatCannotBeARealmName_isAProblem() {
    Map<String, String> env = Map.of("JETON_MASTER_KEY", KEY, "JETON_ADMIN_REALM", "ops/admin");

    assertThat(problems(ConfigLoader.load(Optional.empty(), env, Map.of(), List.of()))).containsExactly(
        "adminRealm: realm name 'ops/admin' may hold only letters, digits, '-', '_' and '.'");
  }

  @Test
  void load_adminRealmUnset_leavesTheAdminApiOff() {
    assertThat(ok(ConfigLoader.load(Optional.empty(), Map.of("JETON_MASTER_KEY", KEY), Map.of(), List.of()))
        .server().adminRealm()).isEmpty();
  }

  @Test
  void load_tlsSettingsThatDoNotFit_reportsEveryProblem() {
    Map<String, String> env = Map.of("JETON_MASTER_KEY", KEY, "JETON_TLS_CERT_FILE", "/etc/jeton/tls.crt",
        "JETON_TLS_CLIENT_AUTH", "sometimes", "JETON_TLS_PROXY_CERT_HEADER", "X-Client-Cert",
        "JETON_TLS_TRUSTED_PROXIES", "10.0.0.0/33,proxy.example.com");

    assertThat(problems(ConfigLoader.load(Optional.empty(), env, Map.of(), List.of()))).containsExactlyInAnyOrder(
        "tls.certFile and tls.keyFile go together: set both for HTTPS, or neither",
        "tls.clientAuth: 'sometimes' is not none, optional or required",
        "tls.trustedProxies: '10.0.0.0/33': the prefix length must be 0 to 32",
        "tls.trustedProxies: 'proxy.example.com' is not a CIDR block (an IP address, optionally /prefix)");
    assertThat(problems(ConfigLoader.load(Optional.empty(), Map.of("JETON_MASTER_KEY", KEY,
        "JETON_TLS_PROXY_CERT_HEADER", "X-Client-Cert"), Map.of(), List.of()))).containsExactly(
        "tls.proxyCertHeader is set but tls.trustedProxies is empty: the header would be honoured from no one; "
            + "list the proxies' addresses (CIDR)");
  }

  @Test
  void effectivePublicUrl_withTls_isHttpsLocalhost() {
    ServerConfig tls = ServerConfig.defaults().withTls(new ServerConfig.Tls(Optional.of(Path.of("c.pem")),
        Optional.of(Path.of("k.pem")), null, Optional.empty(), "", List.of()));

    assertThat(tls.effectivePublicUrl(8443)).isEqualTo("https://localhost:8443");
    assertThat(ServerConfig.defaults().effectivePublicUrl(8080)).isEqualTo("http://localhost:8080");
  }

  @Test
  void envName_andFlag_derivedFromKey() {
    assertThat(ServerOptions.ALL).extracting(ConfigOption::envName).contains("JETON_PORT", "JETON_HOST",
        "JETON_DATA_DIR", "JETON_DB_URL", "JETON_DB_USER", "JETON_DB_PASSWORD", "JETON_PUBLIC_URL",
        "JETON_MASTER_KEY", "JETON_MASTER_KEY_FILE", "JETON_MAX_BODY_BYTES");
    assertThat(ServerOptions.ALL.stream().filter(ConfigOption::hasFlag).map(ConfigOption::flag))
        .contains("--port", "--host", "--data-dir", "--db-url", "--public-url", "--demo", "--db-pool-size");
    assertThat(ServerOptions.DB_PASSWORD.hasFlag()).isFalse();
    assertThat(ServerOptions.MASTER_KEY.hasFlag()).isFalse();
  }

  @Test
  void load_stalenessBoundBelowTwoPolls_isAProblem() {
    List<String> problems = problems(ConfigLoader.load(Optional.empty(),
        Map.of("JETON_MASTER_KEY", KEY, "JETON_REVOCATION_POLL_MS", "1000", "JETON_REVOCATION_MAX_STALENESS_MS",
            "1500"), Map.of(), List.of()));

    assertThat(problems).containsExactly(
        "revocationMaxStalenessMs (1500) must be at least twice revocationPollMs (1000)");
  }

  @Test
  void load_problemsEverywhere_reportsEveryOne() throws IOException {
    Path file = yaml("bad.yaml",
        "port: 70000",
        "prot: 8080",
        "publicUrl: ftp://example.com",
        "db: {url: mysql://x, poolSize: many}",
        "demo: yes please",
        "realms:",
        "  - name: acme",
        "    accessTokenTtl: 0",
        "    refreshReuseGrace: -1",
        "    maxSessionsPerUser: -3",
        "    signingAlgorithm: XX256",
        "    accessTokenTyp: jwt+at",
        "    colour: blue",
        "    clients:",
        "      - id: app",
        "        grants: [password, implicit]",
        "      - secret: s",
        "    users:",
        "      - {username: alice, enabled: maybe}",
        "      - {username: alice}",
        "  - name: 'bad name'",
        "dialects:",
        "  c1: {realm: acme, colour: red}",
        "  soap: {realm: acme}");

    List<String> problems = problems(ConfigLoader.load(Optional.of(file),
        Map.of("JETON_MAX_BODY_BYTES", "abc", "JETON_PROT", "1", "JETON_MASTER_KEY", "c2hvcnQ="),
        Map.of("hashThreads", "-1"), List.of(dir.resolve("missing.yaml"))));

    String f = file.toString();
    assertThat(problems).containsExactly(
        f + ": port: 70000 is out of range 0..65535",
        f + ": unknown key 'prot'",
        f + ": publicUrl: 'ftp://example.com' is not an absolute http or https URL",
        f + ": db.url: 'mysql://x' is not a jdbc:h2: or jdbc:postgresql: URL",
        f + ": db.poolSize: 'many' is not an integer",
        f + ": demo: expected true or false, got 'yes please'",
        f + ": realms[0]: unknown key 'colour' (known: name, issuerName, audience, accessTokenTtl, refreshTokenTtl,"
            + " sessionMaxTtl, refreshReuseGrace, signingAlgorithm, accessTokenTyp, maxSessionsPerUser,"
            + " keyRotationDays, keyPublishSeconds, clients, users, authServices, dialects, lockout)",
        f + ": realms[0] (acme).accessTokenTtl: 0 is out of range 1..315360000 (seconds)",
        f + ": realms[0] (acme).refreshReuseGrace: -1 is out of range 0..60 (seconds)",
        f + ": realms[0] (acme).maxSessionsPerUser: -3 is out of range 0..10000",
        f + ": realms[0] (acme).signingAlgorithm: signingAlgorithm 'XX256' is not one of ES256, RS256, EdDSA, HS256",
        f + ": realms[0] (acme).accessTokenTyp: accessTokenTyp 'jwt+at' is not one of at+jwt, JWT",
        f + ": realms[0] (acme).clients[1].id: required",
        f + ": realms[0] (acme).users[0].enabled: expected true or false, got a string 'maybe'",
        f + ": realms[0] (acme): realm 'acme': client 'app': unknown grant 'implicit'",
        f + ": realms[0] (acme): realm 'acme': client 'app': no secret; give one (it is hashed on import), or set"
            + " `public: true` for a public client",
        f + ": realms[0] (acme): realm 'acme': user 'alice' appears twice",
        f + ": realms[1].name: realm name 'bad name' may hold only letters, digits, '-', '_' and '.'",
        f + ": dialects.c1: unknown key 'colour' (known: realm, tenantHeader, client, prefix, enabled)",
        f + ": dialects.soap: unknown dialect 'soap' (known: c1, onesait, ags, amino)",
        "JETON_PROT: unknown environment variable (known: see docs/configuration.md)",
        "JETON_MASTER_KEY: the master key must be 32 bytes (base64 of 32 random bytes), got 5",
        "JETON_MAX_BODY_BYTES: 'abc' is not an integer",
        "--hash-threads: -1 is out of range 0..1024",
        dir.resolve("missing.yaml") + ": no such file");
  }

  @Test
  void load_demoFromEnvironmentOrFile_isRefused() throws IOException {
    Path file = yaml("demo.yaml", "demo: true");
    String why = "demo mode is turned on only by the --demo flag of serve (an inherited variable or a shared file"
        + " must never plant the demo realm and its demo/demo user)";

    assertThat(problems(ConfigLoader.load(Optional.empty(), Map.of("JETON_DEMO", "true", "JETON_MASTER_KEY", KEY),
        Map.of(), List.of()))).containsExactly("JETON_DEMO: " + why);
    assertThat(problems(ConfigLoader.load(Optional.of(file), Map.of("JETON_MASTER_KEY", KEY), Map.of(), List.of())))
        .containsExactly(file + ": demo: " + why);
  }

  @Test
  void load_demoWithExternalDatabase_isRefused() {
    List<String> problems = problems(ConfigLoader.load(Optional.empty(),
        Map.of("JETON_DB_URL", "jdbc:postgresql://db.internal/jeton", "JETON_MASTER_KEY", KEY),
        Map.of("demo", "true"), List.of()));

    assertThat(problems).containsExactly("--demo runs only on its own embedded database under dataDir, but db.url "
        + "is set: unset JETON_DB_URL (and db.url) for a demo, or drop --demo");
  }

  @Test
  void load_demoWithExplicitHost_keepsIt() {
    assertThat(ok(ConfigLoader.load(Optional.empty(), Map.of(), Map.of("demo", "true", "host", "0.0.0.0"),
        List.of())).server().host()).isEqualTo("0.0.0.0");
    assertThat(ok(ConfigLoader.load(Optional.empty(), Map.of("JETON_HOST", "::"), Map.of("demo", "true"),
        List.of())).server().host()).isEqualTo("::");
  }

  @Test
  void load_validRealmWithDirectoryProblems_reportsThem() throws IOException {
    Path file = yaml("dup.yaml",
        "realms:",
        "  - name: acme",
        "    clients:",
        "      - {id: app, grants: [implicit]}",
        "      - {id: app, secret: ''}",
        "    users: [{username: bob}, {username: bob}]");

    List<String> problems = problems(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"),
        List.of()));

    String at = file + ": realms[0] (acme): realm 'acme': ";
    assertThat(problems).containsExactly(
        at + "client 'app': unknown grant 'implicit'",
        at + "client 'app': no secret; give one (it is hashed on import), or set `public: true` for a public client",
        at + "client 'app' appears twice",
        at + "client 'app': secret must not be empty (set `public: true` for a public client)",
        at + "user 'bob' appears twice");
  }

  @Test
  void load_maxSessionsPerUserNotAnInteger_isAProblem() throws IOException {
    Path file = yaml("cap.yaml", "realms:", "  - {name: a, maxSessionsPerUser: many}",
        "  - {name: b, maxSessionsPerUser: [2]}", "  - {name: c, maxSessionsPerUser: 10001}");

    List<String> problems = problems(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"),
        List.of()));

    assertThat(problems).containsExactly(
        file + ": realms[0] (a).maxSessionsPerUser: 'many' is not an integer",
        file + ": realms[1] (b).maxSessionsPerUser: expected an integer, got a list",
        file + ": realms[2] (c).maxSessionsPerUser: 10001 is out of range 0..10000");
  }

  @Test
  void load_clientWithoutSecretOrPublic_isRefusedNotMadePublic() throws IOException {
    Path file = yaml("public.yaml",
        "realms:",
        "  - name: acme",
        "    clients:",
        "      - {id: forgot, grants: [password]}",
        "      - {id: both, secret: s3cret, public: true}",
        "      - {id: spa, public: true, grants: [refresh_token]}",
        "      - {id: web, secret: s3cret, grants: [authorization_code]}");

    List<String> problems = problems(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"),
        List.of()));

    String at = file + ": realms[0] (acme): realm 'acme': ";
    assertThat(problems).containsExactly(
        at + "client 'forgot': no secret; give one (it is hashed on import), or set `public: true` for a public"
            + " client",
        at + "client 'both': a public client has no secret; remove the secret or `public: true`",
        at + "client 'web': grant 'authorization_code' needs at least one of `redirectUris`");
  }

  @Test
  void load_jwksMapAndResources_becomeTheClientsJwkSetAndResourceList() throws IOException {
    Path file = yaml("signer.yaml",
        "realms:",
        "  - name: acme",
        "    clients:",
        "      - id: signer",
        "        grants: [client_credentials]",
        "        resources: [https://api.example.com/, 'urn:example:files']",
        "        jwks:",
        "          keys:",
        "            - {kty: EC, crv: P-256, kid: k1, x: f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU,"
            + " y: x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0}");

    LoadedConfig c = ok(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"), List.of()));

    var client = c.realms().get(0).clients().get(0);
    assertThat(client.secret()).isEmpty();
    assertThat(client.publicClient()).isFalse();
    assertThat(client.resources()).containsExactly("https://api.example.com/", "urn:example:files");
    assertThat(io.jeton.core.keys.PublicJwks.problems(client.jwks().orElseThrow())).isEmpty();
    assertThat(client.jwks().orElseThrow()).contains("\"kid\":\"k1\"");
  }

  @Test
  void load_jwksWithAPrivateKeyOrNotAKeySet_isRefusedWithAClearMessage() throws IOException {
    // a P-256 key pair: the import must take the public half only
    String x = "\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\"";
    String y = "\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"";
    String d = "\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"";
    Path file = yaml("jwks.yaml",
        "realms:",
        "  - name: acme",
        "    clients:",
        "      - {id: leaky, grants: [client_credentials], jwks: {keys: [{kty: EC, crv: P-256, kid: k1, x: " + x
            + ", y: " + y + ", d: " + d + "}]}}",
        "      - {id: shared, jwks: {keys: [{kty: oct, k: c2VjcmV0}]}}",
        "      - {id: listed, jwks: [a, b]}",
        "      - {id: fine, grants: [client_credentials], jwks: {keys: [{kty: EC, crv: P-256, x: " + x + ", y: " + y
            + "}]}, resources: ['https://api.example.com/', 'relative/path', 'https://x.example/#frag']}");

    List<String> problems = problems(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"),
        List.of()));

    String at = file + ": realms[0] (acme): realm 'acme': ";
    assertThat(problems).containsExactly(
        file + ": realms[0] (acme).clients[2].jwks: expected a JWK Set (a map with `keys`), got a list",
        at + "client 'leaky': jwks key 0 (kid 'k1') contains a private key: register only the public key (remove"
            + " \"d\")",
        at + "client 'shared': jwks key 0 is not a public RSA, EC (P-256, P-384, P-521) or Ed25519 key (kty 'oct')",
        at + "client 'listed': no secret; give one (it is hashed on import), or set `public: true` for a public"
            + " client",
        at + "client 'fine': resources: resource 'relative/path' is not an absolute URI",
        at + "client 'fine': resources: resource 'https://x.example/#frag' has a fragment");
  }

  @Test
  void load_graceOverSixtySecondsAndBadRealmDialects_reportsEveryProblem() throws IOException {
    Path file = yaml("grace.yaml",
        "realms:",
        "  - name: acme",
        "    refreshReuseGrace: 61",
        "    clients: [{id: app, secret: s3cret}]",
        "    dialects:",
        "      c1: {client: app}",
        "      amino: {}");

    List<String> problems = problems(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"),
        List.of()));

    String at = file + ": realms[0] (acme)";
    assertThat(problems).contains(
        at + ".dialects.c1: only the dialects that authenticate no client take a client here (known: ags, amino)",
        at + ".dialects.amino.client: required");
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("refreshReuseGrace").contains("60"));
  }

  /** SPEC 1, issue 12: accessTokenTyp is at+jwt unless a realm says JWT; anything else is a problem. */
  @Test
  void load_accessTokenTyp_isReadDefaultedAndBadValuesReported() throws IOException {
    Path good = yaml("typ.yaml",
        "realms:",
        "  - {name: spring, accessTokenTyp: JWT}",
        "  - {name: rfc, accessTokenTyp: at+jwt}",
        "  - {name: loud, accessTokenTyp: AT+JWT}",
        "  - {name: plain}");
    assertThat(ok(ConfigLoader.load(Optional.of(good), Map.of(), Map.of("demo", "true"), List.of())).realms())
        .extracting(r -> r.realm().accessTokenTyp())
        .containsExactly(AccessTokenTyp.JWT, AccessTokenTyp.AT_JWT, AccessTokenTyp.AT_JWT, AccessTokenTyp.AT_JWT);

    Path bad = yaml("bad-typ.yaml",
        "realms:",
        "  - {name: a, accessTokenTyp: application/at+jwt}",
        "  - {name: b, accessTokenTyp: ''}",
        "  - {name: c, accessTokenTyp: [JWT]}");
    assertThat(problems(ConfigLoader.load(Optional.of(bad), Map.of(), Map.of("demo", "true"), List.of())))
        .containsExactly(
            bad + ": realms[0] (a).accessTokenTyp: accessTokenTyp 'application/at+jwt' is not one of at+jwt, JWT",
            bad + ": realms[1] (b).accessTokenTyp: accessTokenTyp '' is not one of at+jwt, JWT",
            bad + ": realms[2] (c).accessTokenTyp: expected a string, got a list");
  }

  /** SPEC 10: keyRotationDays (default 30, 0 = off) and keyPublishSeconds (default 600). */
  @Test
  void load_keyRotationSettings_areReadDefaultedAndCheckedAgainstEachOther() throws IOException {
    Path good = yaml("keys.yaml",
        "realms:",
        "  - name: acme",
        "    keyRotationDays: 7",
        "    keyPublishSeconds: 120",
        "  - name: manual",
        "    keyRotationDays: 0",
        "  - name: plain");
    List<RealmImport> realms = ok(ConfigLoader.load(Optional.of(good), Map.of(), Map.of("demo", "true"), List.of()))
        .realms();
    assertThat(realms).extracting(r -> r.realm().keyPolicy()).containsExactly(
        new KeyPolicy(Duration.ofDays(7), Duration.ofSeconds(120)),
        new KeyPolicy(Duration.ZERO, Duration.ofSeconds(600)),
        new KeyPolicy(Duration.ofDays(30), Duration.ofSeconds(600)));

    Path bad = yaml("bad-keys.yaml",
        "realms:",
        "  - name: acme",
        "    keyRotationDays: -1",
        "    keyPublishSeconds: 0",
        "  - name: beta",
        "    keyRotationDays: 1",
        "    keyPublishSeconds: 86400",
        "  - name: gamma",
        "    keyPublishSeconds: soon");
    List<String> problems = problems(ConfigLoader.load(Optional.of(bad), Map.of(), Map.of("demo", "true"),
        List.of()));
    assertThat(problems).containsExactly(
        bad + ": realms[0] (acme).keyRotationDays: -1 is out of range 0..3650",
        bad + ": realms[0] (acme).keyPublishSeconds: 0 is out of range 1..604800",
        bad + ": realms[1] (beta): keyPublishSeconds (86400) must be shorter than keyRotationDays (86400 s)",
        bad + ": realms[2] (gamma).keyPublishSeconds: 'soon' is not an integer");
  }

  @Test
  void load_lockoutAndRateLimit_areReadAndBadValuesReportedEach() throws IOException {
    Path good = yaml("lockout.yaml",
        "realms:",
        "  - name: acme",
        "    lockout: {maxFailures: 3, lockSeconds: 30, maxLockSeconds: 600, clientMaxFailures: 0}",
        "    clients: [{id: app, secret: s3cret, grants: [client_credentials], rateLimit: 50}]");
    LoadedConfig c = ok(ConfigLoader.load(Optional.of(good), Map.of(), Map.of("demo", "true"), List.of()));
    assertThat(c.realms().get(0).realm().lockout())
        .isEqualTo(new LockoutPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(600), 0));
    assertThat(c.realms().get(0).clients().get(0).rateLimit()).isEqualTo(50);

    Path bad = yaml("bad-lockout.yaml",
        "realms:",
        "  - name: acme",
        "    lockout: {maxFailures: -1, lockSeconds: 0, colour: red}",
        "    clients: [{id: app, secret: s3cret, rateLimit: fast}]",
        "  - name: beta",
        "    lockout: {lockSeconds: 900, maxLockSeconds: 60}",
        "  - name: gamma",
        "    lockout: 5");
    List<String> problems = problems(ConfigLoader.load(Optional.of(bad), Map.of(), Map.of("demo", "true"),
        List.of()));
    assertThat(problems).contains(
        bad + ": realms[0] (acme).lockout: unknown key 'colour' (known: maxFailures, lockSeconds, maxLockSeconds,"
            + " clientMaxFailures)",
        bad + ": realms[0] (acme).lockout.maxFailures: -1 is out of range 0..1000",
        bad + ": realms[0] (acme).lockout.lockSeconds: 0 is out of range 1..86400",
        bad + ": realms[0] (acme).clients[0].rateLimit: 'fast' is not an integer",
        bad + ": realms[1] (beta).lockout: lockout.maxLockSeconds must be lockSeconds (900) to 86400, got 60");
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(bad + ": realms[2] (gamma).lockout: expected a map"));
  }

  @Test
  void load_realmDialects_nameTheClientEachClientLessDialectActsAs() throws IOException {
    Path file = yaml("dialects.yaml",
        "realms:",
        "  - name: acme",
        "    clients: [{id: mobile, public: true, grants: [password, refresh_token]}]",
        "    dialects: {ags: {client: mobile}, amino: {client: mobile}}");

    LoadedConfig c = ok(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"), List.of()));

    assertThat(c.realms().get(0).realm().dialectClients())
        .isEqualTo(Map.of("ags", ClientId.of("mobile"), "amino", ClientId.of("mobile")));
    assertThat(c.realms().get(0).clients().get(0).publicClient()).isTrue();
  }

  @Test
  void load_noMasterKeyOutsideDemo_saysHowToMakeOne() {
    List<String> problems = problems(ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), List.of()));

    assertThat(problems).containsExactly("no master key: set JETON_MASTER_KEY to base64 of 32 random bytes"
        + " (openssl rand -base64 32) or JETON_MASTER_KEY_FILE to a file holding one, or run with --demo");
  }

  @Test
  void load_specExample_parsesRealmClientUserAndDialects() throws IOException {
    Path file = yaml("example.yaml", ConfigReference.EXAMPLE.toArray(String[]::new));
    Path keyFile = dir.resolve("k");
    Files.writeString(keyFile, KEY);

    LoadedConfig c = ok(ConfigLoader.load(Optional.of(file), Map.of("JETON_MASTER_KEY_FILE", keyFile.toString()),
        Map.of(), List.of()));

    assertThat(c.server().publicUrl()).isEqualTo("https://auth.example.com");
    assertThat(c.server().dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/jeton");
    assertThat(c.realms()).hasSize(1);
    RealmImport acme = c.realms().get(0);
    Realm r = acme.realm();
    assertThat(r.name().value()).isEqualTo("acme");
    assertThat(r.issuerName()).isEqualTo("acme-issuer");
    assertThat(r.audience()).contains("acme-api");
    assertThat(r.accessTokenTtl()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(r.refreshTokenTtl()).isEqualTo(Duration.ofSeconds(604800));
    assertThat(r.sessionMaxTtl()).isEqualTo(Duration.ofSeconds(2592000));
    assertThat(r.refreshReuseGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.signingAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(r.accessTokenTyp()).isEqualTo(AccessTokenTyp.AT_JWT);
    assertThat(r.maxSessionsPerUser()).isEqualTo(5);
    assertThat(r.authServices()).extracting(a -> a.id() + ":" + a.type()).containsExactly("local:password");
    assertThat(r.lockout()).isEqualTo(LockoutPolicy.DEFAULTS);
    assertThat(acme.clients()).containsExactly(new RealmImport.ClientImport("app", Optional.of("app-secret"),
        Set.of("password", "refresh_token", "client_credentials"), Set.of("devices:read", "profile"),
        Optional.empty(), false, 200), new RealmImport.ClientImport("mobile", Optional.empty(),
        Set.of("password", "refresh_token"), Set.of("profile"), Optional.empty(), true, 0));
    assertThat(acme.users()).containsExactly(new RealmImport.UserImport("alice", Optional.of("alice-pass"), true,
        List.of("ADMIN"), Map.of("customerId", "msp-42", "accountId", "1663", "userProfileId", "84eb61a9")));
    assertThat(c.dialects()).containsOnlyKeys("c1", "onesait", "ags", "amino");
    assertThat(c.dialects().get("ags")).isEqualTo(new DialectMount("ags", true, "/ags",
        Optional.of(RealmName.of("acme")), Optional.of("nv-tenant-id"), Optional.of(ClientId.of("mobile"))));
    assertThat(r.dialectClients()).isEqualTo(Map.of("ags", ClientId.of("mobile"), "amino", ClientId.of("mobile")));
    assertThat(c.dialects().get("c1")).isEqualTo(new DialectMount("c1", true, "", Optional.of(RealmName.of("acme")),
        Optional.empty(), Optional.empty()));
  }

  @Test
  void load_importFilesFromEverySource_readInOrder() throws IOException {
    Path config = yaml("c.yaml", "imports: [" + yaml("a.yaml", "realms: [{name: a}]") + "]",
        "realms: [{name: main}]");
    Path b = yaml("b.yaml", "realms: [{name: b, refreshReuseGrace: 0}]");
    Path c = yaml("cli.yaml", "realms: [{name: c}]");

    LoadedConfig loaded = ok(ConfigLoader.load(Optional.of(config), Map.of("JETON_IMPORTS", b.toString()),
        Map.of("demo", "true"), List.of(c)));

    assertThat(loaded.realms()).extracting(i -> i.realm().name().value()).containsExactly("main", "a", "b", "c");
    assertThat(loaded.realms().get(2).realm().refreshReuseGrace()).isZero();
    assertThat(loaded.realms().get(2).realm().maxSessionsPerUser()).isZero();
    assertThat(loaded.server().imports()).containsExactly(dir.resolve("a.yaml"), b, c);
  }

  @Test
  void load_importFileWithServerKey_isAProblem() throws IOException {
    Path imp = yaml("i.yaml", "port: 1", "realms: []");

    List<String> problems = problems(ConfigLoader.load(Optional.empty(), Map.of(), Map.of("demo", "true"),
        List.of(imp)));

    assertThat(problems).containsExactly(imp + ": unknown key 'port' (an import file has realms and dialects)");
  }

  @Test
  void load_brokenYaml_namesFileAndLine() throws IOException {
    Path file = yaml("broken.yaml", "port: 1", "  host: [");

    List<String> problems = problems(ConfigLoader.load(Optional.of(file), Map.of(), Map.of("demo", "true"),
        List.of()));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith(file + ": not valid YAML: ");
  }
}
