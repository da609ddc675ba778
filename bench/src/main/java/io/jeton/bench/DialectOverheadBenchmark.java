package io.jeton.bench;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.client.Client;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.PasswordHasher;
import io.jeton.dialect.ags.AgsDialect;
import io.jeton.dialect.amino.AminoDialect;
import io.jeton.dialect.c1.C1Dialect;
import io.jeton.dialect.oauth2.Endpoints;
import io.jeton.dialect.onesait.OnesaitDialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.store.jdbc.JdbcStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a seed dialect (SPEC section 3) costs over the standard endpoint (SPEC section 2) for the
 * same operation, in process and without a socket: one real {@link Engine} on a temp-dir H2 store,
 * a realm with one client and one user, and each route handler called with a {@link WireRequest}
 * as the server would (parse, engine call, render to bytes). Three operations, each through the
 * standard endpoint and through every dialect that offers it:
 * <ul>
 *   <li>{@code validate*}: an access token issued in setup, through RFC 7662 introspection, C1
 *       {@code GET /auth/validate} and onesait {@code check_token};
 *   <li>{@code refresh*}: a one-use refresh token (RFC 6749 section 6), chained: each call spends
 *       the refresh token the previous call of the same benchmark returned;
 *   <li>{@code login*}: the password grant (RFC 6749 section 4.3), C1 login, onesait password,
 *       AGS signon and Amino login, with cheap Argon2id (1 MiB, 1 iteration, 1 lane, RFC 9106) so
 *       that the dialect's share is visible; a real deployment's hash makes the share smaller.
 * </ul>
 * Beside them, the standard endpoint's other two hot paths of SPEC section 6: {@code
 * issueOauth2ClientCredentials} (RFC 6749 section 4.4) and {@code revokeOauth2} (RFC 7009: a fresh
 * client_credentials token, minted before each call outside its time, revoked durably).
 * Every call must answer 200; any other status throws and fails the run. Each benchmark method runs
 * in its own fork, so each starts on a fresh store.
 *
 * <p>The {@code part*} benchmarks time single engine calls, and {@code
 * validateOauth2IntrospectPlusUserLookup} is introspection plus the user lookup C1 and onesait make:
 * the baseline with their engine work. Results and reading: docs/benchmarks-dialects.md.
 *
 * <p>Run (about 2 and 4 minutes; refresh and login need the longer warm-up): {@code ./mvnw -B -q
 * package -pl bench -DskipTests && java -jar bench/target/benchmarks.jar
 * 'DialectOverheadBenchmark.(validate|part|issue|revoke)' -wi 3 -i 5 -f 1 -w 2s -r 2s -t 1 && java -jar
 * bench/target/benchmarks.jar 'DialectOverheadBenchmark.(refresh|login)' -wi 6 -i 5 -f 1 -w 2s -r 2s -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DialectOverheadBenchmark {
  static final String REALM = "bench";
  static final String CLIENT = "bench-client";
  static final String SECRET = "bench-secret";
  static final String USER = "bench-user";
  static final String PASSWORD = "bench-password";
  static final String BASIC = "Basic "
      + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
  static final String FORM = "application/x-www-form-urlencoded";
  static final String JSON = "application/json";

  private Path dir;
  private JdbcStores stores;
  Engine engine;
  private Realm realm;
  private io.jeton.core.Caller client;
  Endpoints oauth2;
  C1Dialect c1;
  OnesaitDialect onesait;
  AgsDialect ags;
  AminoDialect amino;

  private String accessToken;
  private io.jeton.core.UserId userId;
  private WireRequest introspect;
  private WireRequest c1Validate;
  private WireRequest onesaitCheck;
  private WireRequest oauth2Password;
  private WireRequest c1Login;
  private WireRequest onesaitPassword;
  private WireRequest agsSignon;
  private WireRequest aminoLogin;
  private WireRequest oauth2ClientCredentials;

  /** The refresh token the next {@code refresh*} call spends. */
  private String refreshToken;
  private long calls;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // signatures on the native provider, as a server signs once it has loaded (2 s after it listens)
    io.jeton.core.keys.SignatureProvider.awaitLoaded();
    dir = Files.createTempDirectory("jeton-dialect-bench");
    stores = JdbcStores.open("jdbc:h2:file:" + dir.resolve("db"), "", "", 4);
    engine = new Engine(EngineSettings.of("http://localhost:8080"), stores.stores(), MasterKey.generate(),
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 2, 100), InstantSource.system());
    new Directory(engine).apply(new RealmImport(
        new Realm(RealmName.of(REALM), null, Optional.empty(), Duration.ofHours(2), null, null, null, null, null),
        List.of(new ClientImport(CLIENT, Optional.of(SECRET), Set.of("password", "refresh_token", "client_credentials"), Set.of(),
            Optional.empty())),
        List.of(new UserImport(USER, Optional.of(PASSWORD), true, List.of("reader"),
            Map.of("customerId", "4711", "accountId", "1663")))));
    engine.invalidateDirectory();
    realm = engine.realm(REALM).orElseThrow();
    client = ((io.jeton.core.client.ClientAuthentication.Authenticated) engine.authenticateClient(realm,
        new io.jeton.core.client.ClientCredentials(ClientId.of(CLIENT), Optional.of(SECRET),
            io.jeton.core.client.ClientCredentials.Method.CLIENT_SECRET_BASIC), RequestContext.of("bench")))
        .caller();

    DialectMount bound = new DialectMount("c1", true, "", Optional.of(RealmName.of(REALM)), Optional.empty(),
        Optional.of(ClientId.of(CLIENT)));
    oauth2 = new Endpoints(engine);
    c1 = new C1Dialect(engine, bound);
    onesait = new OnesaitDialect(engine, new DialectMount("onesait", true, "/oauth-server", bound.realm(),
        Optional.empty(), Optional.empty()));
    ags = new AgsDialect(engine, new DialectMount("ags", true, "/ags", bound.realm(), Optional.of("nv-tenant-id"),
        bound.client()));
    amino = new AminoDialect(engine, new DialectMount("amino", true, "/amino", bound.realm(), Optional.empty(),
        bound.client()));

    io.jeton.core.grant.IssuedTokens first = newSession();
    accessToken = first.accessToken();
    userId = first.user().orElseThrow().id();
    introspect = post(true, form("token", accessToken), "Content-Type", FORM, "Authorization", BASIC);
    c1Validate = new WireRequest("GET", Map.of(), WireHeaders.single("Authorization", BASIC),
        Map.of("accessToken", List.of(accessToken)), new byte[0], RequestContext.of("bench"));
    onesaitCheck = new WireRequest("GET", Map.of(), WireHeaders.single("Authorization", BASIC),
        Map.of("token", List.of(accessToken)), new byte[0], RequestContext.of("bench"));

    oauth2Password = post(true, form("grant_type", "password") + "&" + form("username", USER) + "&"
        + form("password", PASSWORD), "Content-Type", FORM, "Authorization", BASIC);
    c1Login = post(false, "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}",
        "Content-Type", JSON, "Authorization", BASIC);
    onesaitPassword = post(false, form("grant_type", "password") + "&" + form("username", USER) + "&"
        + form("password", PASSWORD), "Content-Type", FORM, "Authorization", BASIC);
    agsSignon = post(false, "{\"parameters\":[{\"name\":\"username\",\"value\":\"" + USER + "\"},"
        + "{\"name\":\"password\",\"value\":\"" + PASSWORD + "\"}]}",
        "Content-Type", JSON, "nv-tenant-id", REALM, "x-auth-service-id", engine.authServices(realm).get(0).id());
    aminoLogin = post(false, "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}",
        "Content-Type", JSON);

    oauth2ClientCredentials = post(true, "grant_type=client_credentials", "Content-Type", FORM,
        "Authorization", BASIC);

    refreshToken = newSession().refreshToken().orElseThrow();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    System.out.println();
    System.out.println("# " + calls + " calls, every one answered 200");
    engine.close();
    stores.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  // --- validate an access token

  /** RFC 7662 introspection of the pre-issued access token. */
  @Benchmark
  public WireResponse validateOauth2Introspect() {
    return ok(oauth2.introspect(introspect));
  }

  /** C1 {@code GET /auth/validate?accessToken=}. */
  @Benchmark
  public WireResponse validateC1() {
    return ok(c1.validate(c1Validate));
  }

  /** onesait {@code GET /oauth/check_token?token=}. */
  @Benchmark
  public WireResponse validateOnesaitCheckToken() {
    return ok(onesait.checkToken(onesaitCheck));
  }

  /**
   * The standard endpoint plus the one user lookup ({@link Engine#user}) that C1 and onesait make
   * for their answer's user fields: the baseline with the same engine work as theirs.
   */
  @Benchmark
  public Object validateOauth2IntrospectPlusUserLookup() {
    WireResponse r = ok(oauth2.introspect(introspect));
    engine.user(realm, userId).orElseThrow();
    return r;
  }

  /** Part of every validation: the engine's check of the token alone (signature cache, revocations). */
  @Benchmark
  public Object partEngineValidateAccessToken() {
    return engine.validateAccessToken(realm, accessToken).orElseThrow();
  }

  /** Part of C1 validate and onesait check_token: the user lookup in the store. */
  @Benchmark
  public Object partEngineUserLookup() {
    return engine.user(realm, userId).orElseThrow();
  }

  /** Part of every validation: HTTP Basic client authentication by the engine (verified secrets cached). */
  @Benchmark
  public Object partEngineAuthenticateClient() {
    return engine.authenticateClient(realm, new io.jeton.core.client.ClientCredentials(ClientId.of(CLIENT),
        Optional.of(SECRET), io.jeton.core.client.ClientCredentials.Method.CLIENT_SECRET_BASIC),
        RequestContext.of("bench"));
  }

  // --- refresh

  /** RFC 6749 section 6 at the standard token endpoint. */
  @Benchmark
  public WireResponse refreshOauth2() {
    return chain(oauth2::token, "refresh_token", post(true,
        "grant_type=refresh_token&" + form("refresh_token", refreshToken), "Content-Type", FORM,
        "Authorization", BASIC));
  }

  /** C1 {@code POST /auth/renew}. */
  @Benchmark
  public WireResponse refreshC1() {
    return chain(c1::renew, "refreshToken", post(false, "{\"refreshToken\":\"" + refreshToken + "\"}",
        "Content-Type", JSON, "Authorization", BASIC));
  }

  /** onesait {@code POST /oauth/token} with {@code grant_type=refresh_token}. */
  @Benchmark
  public WireResponse refreshOnesait() {
    return chain(onesait::token, "refresh_token", post(false,
        "grant_type=refresh_token&" + form("refresh_token", refreshToken), "Content-Type", FORM,
        "Authorization", BASIC));
  }

  /** AGS {@code POST /refresh}: the refresh token in {@code Authorization}, the user re-checked. */
  @Benchmark
  public WireResponse refreshAgs() {
    return chain(ags::refresh, "refresh_token", post(false,
        "{\"parameters\":[{\"name\":\"username\",\"value\":\"" + USER + "\"}]}", "Content-Type", JSON,
        "nv-tenant-id", REALM, "x-auth-service-id", "password", "Authorization", "Bearer " + refreshToken));
  }

  /** Amino {@code POST /token} with {@code grant_type=refresh_token}, a JSON body. */
  @Benchmark
  public WireResponse refreshAmino() {
    return chain(amino::token, "refresh_token", post(false,
        "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refreshToken + "\"}", "Content-Type", JSON));
  }

  // --- log in with a password

  /** RFC 6749 section 4.3 at the standard token endpoint. */
  @Benchmark
  public WireResponse loginOauth2Password() {
    return ok(oauth2.token(oauth2Password));
  }

  /** C1 {@code POST /auth/login}. */
  @Benchmark
  public WireResponse loginC1() {
    return ok(c1.login(c1Login));
  }

  /** onesait {@code POST /oauth/token} with {@code grant_type=password}. */
  @Benchmark
  public WireResponse loginOnesait() {
    return ok(onesait.token(onesaitPassword));
  }

  /** AGS {@code POST /signon} with the realm's password service. */
  @Benchmark
  public WireResponse loginAgsSignon() {
    return ok(ags.signon(agsSignon));
  }

  /** Amino {@code POST /login}, a JSON body. */
  @Benchmark
  public WireResponse loginAmino() {
    return ok(amino.login(aminoLogin));
  }

  // --- the standard endpoint's other hot paths (SPEC 6)

  /** RFC 6749 section 4.4 at the standard token endpoint: client authentication, an ES256 token, its JSON. */
  @Benchmark
  public WireResponse issueOauth2ClientCredentials() {
    return ok(oauth2.token(oauth2ClientCredentials));
  }

  /** A client_credentials token minted for the next revoke call, outside its measured time. */
  @State(Scope.Thread)
  public static class FreshToken {
    String token;
    WireRequest revoke;

    @Setup(Level.Invocation)
    public void mint(DialectOverheadBenchmark b) {
      token = switch (b.engine.token(new TokenCommand.ClientCredentials(b.realm, b.client, Optional.empty()),
          RequestContext.of("bench"))) {
        case TokenOutcome.Issued(var tokens) -> tokens.accessToken();
        case TokenOutcome.Denied(var error) -> throw new IllegalStateException("setup token refused: " + error);
      };
      revoke = post(true, form("token", token), "Content-Type", FORM, "Authorization", BASIC);
    }
  }

  /**
   * RFC 7009 at the standard endpoint: a fresh access token revoked, written to the store (one
   * commit on H2) before the answer.
   */
  @Benchmark
  public WireResponse revokeOauth2(FreshToken fresh) {
    return ok(oauth2.revoke(fresh.revoke));
  }

  // ---

  /** The engine's verdict on an access token: for the tests. */
  Optional<?> validateToken(String token) {
    return engine.validateAccessToken(realm, token);
  }

  private io.jeton.core.grant.IssuedTokens newSession() {
    return switch (engine.token(new TokenCommand.Password(realm, client,
        TokenCommand.UserCredentials.of(USER, PASSWORD), Optional.empty()), RequestContext.of("bench"))) {
      case TokenOutcome.Issued(var tokens) -> tokens;
      case TokenOutcome.Denied(var error) -> throw new IllegalStateException("setup login refused: " + error);
    };
  }

  /**
   * Spends the current refresh token and keeps the new one for the next call. Taking it out of the
   * body is a plain substring search, the same for every dialect (about 1 % of a refresh).
   */
  private WireResponse chain(Function<WireRequest, WireResponse> handler, String field, WireRequest in) {
    WireResponse r = ok(handler.apply(in));
    refreshToken = field(r.body(), field);
    return r;
  }

  private WireResponse ok(WireResponse r) {
    if (r.status() != 200) {
      throw new IllegalStateException("call " + (calls + 1) + " answered " + r.status() + ": "
          + (r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8)));
    }
    calls++;
    return r;
  }

  /** The string value of the first {@code "name":"..."} in a JSON body. */
  static String field(byte[] body, String name) {
    String text = new String(body, StandardCharsets.UTF_8);
    String key = "\"" + name + "\":\"";
    int start = text.indexOf(key);
    if (start < 0) {
      throw new IllegalStateException("no '" + name + "' in " + text);
    }
    start += key.length();
    return text.substring(start, text.indexOf('"', start));
  }

  private static String form(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A POST with a UTF-8 body; {@code standard} adds the realm path parameter of the oauth2 routes. */
  private static WireRequest post(boolean standard, String body, String... headers) {
    return new WireRequest("POST", standard ? Map.of(Endpoints.REALM, REALM) : Map.of(),
        WireHeaders.single(headers), Map.of(), body.getBytes(StandardCharsets.UTF_8), RequestContext.of("bench"));
  }
}
