package io.jeton.bench.load;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * A closed-loop load driver for {@code grant_type=client_credentials} (RFC 6749 section 4.4) with
 * each client authentication method, over plain HTTP and over TLS, for what wrk cannot do:
 * present a client certificate, or sign a fresh client assertion (RFC 7523) or DPoP proof (RFC
 * 9449) for every request. {@code bench/tls.sh} runs it against two Jeton servers and prints the
 * table; see docs/benchmarks.md, "Client authentication over TLS".
 *
 * <p>Commands:
 * <pre>
 * java -cp bench/target/benchmarks.jar io.jeton.bench.load.TokenLoad run --url URL --modes m1,m2 [options]
 *   --connections 16  --global-warmup 30s  --warmup 20s  --duration 15s
 *   --server-pid PID  --clk-tck 100      the server's CPU from /proc/PID/stat
 *   --ca FILE                            PEM CAs the server certificate must chain to (TLS modes)
 *   --mtls-cert FILE --mtls-key FILE     tls-mtls: the CA-issued client certificate and its key
 *   --self-cert FILE --self-key FILE     tls-mtls-self: the registered self-signed certificate
 *   --pkjwt-key FILE --pkjwt-pub FILE --pkjwt-kid KID   tls-pkjwt: the client's EC P-256 key pair
 *   --secret-client ID:SECRET --dpop-client ID:SECRET --mtls-client ID --self-client ID --pkjwt-client ID
 *   --out FILE                           appends one JSON line per mode (default: stdout)
 * ... TokenLoad jwks --pub FILE --kid KID       the public JWK Set of a PEM public key, for the realm
 * ... TokenLoad table --in FILE [--baseline http-secret]   the markdown table of a results file
 * </pre>
 * Modes: http-secret, tls-secret, tls-mtls, tls-mtls-self, tls-pkjwt, tls-dpop. For every mode in
 * turn: one checked request (status, token_type, and the token's {@code cnf}); then a global
 * warm-up of every mode; then per mode a warm-up running straight into the measured window.
 * Exit status 0 when every run is valid, 3 when one is not (the results are written anyway).
 */
public final class TokenLoad {
  private static final PrintStream LOG = System.err;

  private TokenLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    Map<String, String> opts;
    try {
      opts = options(Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException e) {
      LOG.println("TokenLoad: " + e.getMessage());
      System.exit(2);
      return;
    }
    int status;
    try {
      status = switch (args[0]) {
        case "run" -> run(opts);
        case "jwks" -> jwks(opts);
        case "table" -> table(opts);
        default -> {
          usage();
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      LOG.println("TokenLoad: " + e.getMessage());
      status = 2;
    } catch (IllegalStateException | java.io.IOException e) {
      LOG.println("TokenLoad: " + e);
      status = 1;
    }
    System.exit(status);
  }

  private static void usage() {
    LOG.println("usage: TokenLoad run --url URL --modes " + Mode.ids() + " [options] | jwks --pub FILE --kid KID"
        + " | table --in FILE [--baseline MODE]; see the class comment of io.jeton.bench.load.TokenLoad");
  }

  // --- run ---------------------------------------------------------------------------------------

  private static final Set<String> RUN_OPTIONS = Set.of("url", "modes", "connections", "global-warmup", "warmup",
      "duration", "server-pid", "clk-tck", "ca", "mtls-cert", "mtls-key", "self-cert", "self-key", "pkjwt-key",
      "pkjwt-pub", "pkjwt-kid", "secret-client", "dpop-client", "mtls-client", "self-client", "pkjwt-client", "out");

  private static int run(Map<String, String> o) throws Exception {
    unknown(o, RUN_OPTIONS);
    URI url = URI.create(required(o, "url"));
    List<Mode> modes = Arrays.stream(required(o, "modes").split(",")).map(String::trim).map(Mode::of).toList();
    boolean https = url.getScheme().equals("https");
    for (Mode m : modes) {
      if (m.tls != https) {
        throw new IllegalArgumentException("mode " + m.id + " needs an " + (m.tls ? "https" : "http") + " URL");
      }
    }
    int connections = Integer.parseInt(o.getOrDefault("connections", "16"));
    Duration globalWarmup = duration(o.getOrDefault("global-warmup", "30s"));
    Duration warmup = duration(o.getOrDefault("warmup", "20s"));
    Duration measure = duration(o.getOrDefault("duration", "15s"));
    if (measure.isZero() || connections < 1) {
      throw new IllegalArgumentException("--duration must be positive and --connections at least 1");
    }
    ProcessCpu server = o.containsKey("server-pid")
        ? new ProcessCpu(Long.parseLong(o.get("server-pid")), Long.parseLong(o.getOrDefault("clk-tck", "100")))
        : null;
    String[] secret = pair(o.getOrDefault("secret-client", "bench-basic:bench-basic-secret"));
    String[] dpop = pair(o.getOrDefault("dpop-client", "bench-dpop:bench-dpop-secret"));
    ECKey pkjwtKey = modes.contains(Mode.TLS_PKJWT) ? pkjwtKey(o) : null;
    TokenRequests requests = new TokenRequests(url, new TokenRequests.Clients(secret[0], secret[1], dpop[0], dpop[1],
        o.getOrDefault("mtls-client", "bench-mtls"), o.getOrDefault("self-client", "bench-self"),
        o.getOrDefault("pkjwt-client", "bench-pkjwt"), pkjwtKey));

    Map<Mode, LoadRun.Connector> connectors = new LinkedHashMap<>();
    for (Mode m : modes) {
      connectors.put(m, connector(m, url, o));
    }
    LOG.printf(Locale.ROOT, "TokenLoad: %s, modes %s, %d connections (keep-alive: each opened, TLS handshake "
            + "included, before its warm-up and reused for every request), global warm-up %s per mode, then per "
            + "mode a warm-up of %s straight into a measured %s%n", url, modes.stream().map(m -> m.id).toList(),
        connections, human(globalWarmup), human(warmup), human(measure));

    for (Mode m : modes) {
      preflight(m, connectors.get(m), requests, o);
    }
    Map<Mode, Long> globalBad = new LinkedHashMap<>();
    for (Mode m : modes) {
      if (globalWarmup.isZero()) {
        globalBad.put(m, 0L);
        continue;
      }
      LOG.printf("TokenLoad: global warm-up %s %s%n", m.id, human(globalWarmup));
      LoadRun.Outcome w = LoadRun.run(m, connections, globalWarmup, Duration.ZERO, connectors.get(m), requests, null);
      globalBad.put(m, bad(w.outside()));
      if (!w.outside().clean()) {
        LOG.printf("TokenLoad: global warm-up of %s: %s, I/O errors %d, first problem: %s%n", m.id,
            RunResult.statuses(w.outside().statuses()), w.outside().errors(), w.outside().firstProblem());
      }
    }
    boolean allValid = true;
    for (Mode m : modes) {
      LOG.printf("TokenLoad: %s: warm-up %s, measured %s%n", m.id, human(warmup), human(measure));
      LoadRun.Outcome r = LoadRun.run(m, connections, warmup, measure, connectors.get(m), requests, server);
      RunResult result = result(m, url, connections, warmup, r, globalBad.get(m));
      LOG.printf(Locale.ROOT, "TokenLoad: %s: %.1f req/s, p50 %.3f p90 %.3f p99 %.3f max %.3f ms, server CPU %s "
              + "ms/req, driver CPU %.3f ms/req, statuses %s, I/O errors %d, connections opened %d, %s, %s%n",
          m.id, result.reqPerSec(), result.p50Ms(), result.p90Ms(), result.p99Ms(), result.maxMs(),
          Double.isNaN(result.serverCpuMsPerReq()) ? "n/a" : String.format(Locale.ROOT, "%.3f",
              result.serverCpuMsPerReq()), result.driverCpuMsPerReq(), result.statuses(), result.errors(),
          result.connectionsOpened(), result.session(), result.valid() ? "valid" : "INVALID: " + result.invalidReason());
      allValid &= result.valid();
      write(o.get("out"), result.toJson());
    }
    return allValid ? 0 : 3;
  }

  static RunResult result(Mode m, URI url, int connections, Duration warmup, LoadRun.Outcome r, long globalBad) {
    Latencies l = r.latencies();
    long completed = r.window().responses();
    double perReq = completed == 0 ? Double.NaN : 1000.0 / completed;
    return new RunResult(m.id, url.toString(), connections, warmup.toMillis() / 1000.0, r.windowSeconds(), completed,
        completed / r.windowSeconds(), ms(l.percentileNanos(50)), ms(l.percentileNanos(90)),
        ms(l.percentileNanos(99)), ms(l.maxNanos()), l.meanNanos() / 1e6, r.window().non200(), r.window().errors(),
        r.window().wrongTokenType(), bad(r.outside()) + globalBad, RunResult.statuses(r.window().statuses()),
        r.serverCpuSeconds() * perReq, r.driverCpuSeconds() * perReq, r.connectionsOpened(), r.session(),
        r.window().firstProblem().isEmpty() ? r.outside().firstProblem() : r.window().firstProblem());
  }

  private static long bad(Tally t) {
    return t.non200() + t.errors() + t.wrongTokenType();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static LoadRun.Connector connector(Mode m, URI url, Map<String, String> o) throws Exception {
    SSLSocketFactory tls = null;
    if (m.tls) {
      Path ca = Path.of(required(o, "ca"));
      tls = switch (m) {
        case TLS_MTLS -> Pem.clientContext(ca, Path.of(required(o, "mtls-cert")), Path.of(required(o, "mtls-key")));
        case TLS_MTLS_SELF -> Pem.clientContext(ca, Path.of(required(o, "self-cert")), Path.of(required(o, "self-key")));
        default -> Pem.clientContext(ca, null, null);
      };
    }
    SSLSocketFactory factory = tls;
    return () -> new HttpConnection(url.getHost(), TokenRequests.port(url), factory);
  }

  /**
   * One request on its own connection before any load, checked more closely than the load checks
   * each response: a 200, the mode's token_type, and the access token's {@code cnf}: the
   * certificate's thumbprint for the mTLS modes (RFC 8705 section 3.1), a {@code jkt} for DPoP
   * (RFC 9449 section 6), none otherwise. A mode that fails here is not run at all.
   */
  private static void preflight(Mode m, LoadRun.Connector connector, TokenRequests requests, Map<String, String> o)
      throws Exception {
    HttpConnection.Response r;
    String session;
    try (HttpConnection c = connector.connect()) {
      c.open();
      session = c.session();
      r = c.exchange(requests.source(m).next());
    }
    if (r.status() != 200) {
      throw new IllegalStateException("preflight " + m.id + ": status " + r.status() + ": " + r.bodyText());
    }
    Map<String, Object> json = JSONObjectUtils.parse(r.bodyText());
    Object type = json.get("token_type");
    if (!m.tokenType().equals(type)) {
      throw new IllegalStateException("preflight " + m.id + ": token_type " + type + ", not " + m.tokenType());
    }
    Map<String, Object> cnf = SignedJWT.parse((String) json.get("access_token")).getJWTClaimsSet()
        .getJSONObjectClaim("cnf");
    String expected = switch (m) {
      case TLS_MTLS -> "x5t#S256=" + thumbprint(Path.of(o.get("mtls-cert")));
      case TLS_MTLS_SELF -> "x5t#S256=" + thumbprint(Path.of(o.get("self-cert")));
      case TLS_DPOP -> "jkt";
      default -> "";
    };
    boolean ok = switch (m) {
      case TLS_MTLS, TLS_MTLS_SELF -> cnf != null && expected.equals("x5t#S256=" + cnf.get("x5t#S256"));
      case TLS_DPOP -> cnf != null && cnf.get("jkt") instanceof String;
      default -> cnf == null;
    };
    if (!ok) {
      throw new IllegalStateException("preflight " + m.id + ": access token cnf " + cnf + ", expected "
          + (expected.isEmpty() ? "none" : expected));
    }
    LOG.printf("TokenLoad: preflight %s: 200, token_type %s, cnf %s, %s%n", m.id, type, cnf == null ? "none" : cnf,
        session);
  }

  /** RFC 8705 section 3.1: base64url(SHA-256(DER of the certificate)). */
  private static String thumbprint(Path cert) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(Pem.certificates(cert).get(0).getEncoded()));
  }

  private static ECKey pkjwtKey(Map<String, String> o) throws Exception {
    ECPublicKey pub = (ECPublicKey) Pem.ecPublicKey(Path.of(required(o, "pkjwt-pub")));
    ECPrivateKey priv = (ECPrivateKey) Pem.privateKey(Path.of(required(o, "pkjwt-key")));
    return new ECKey.Builder(Curve.P_256, pub).privateKey(priv).keyID(o.getOrDefault("pkjwt-kid", "bench-pkjwt"))
        .build();
  }

  // --- jwks, table ------------------------------------------------------------------------------

  private static int jwks(Map<String, String> o) throws Exception {
    unknown(o, Set.of("pub", "kid"));
    ECPublicKey pub = (ECPublicKey) Pem.ecPublicKey(Path.of(required(o, "pub")));
    ECKey key = new ECKey.Builder(Curve.forECParameterSpec(pub.getParams()), pub).keyID(required(o, "kid")).build();
    System.out.println(new JWKSet(key).toString(true));
    return 0;
  }

  private static int table(Map<String, String> o) throws Exception {
    unknown(o, Set.of("in", "baseline"));
    List<RunResult> results = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(required(o, "in")), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        results.add(RunResult.fromJson(line));
      }
    }
    System.out.print(ResultTable.render(results, o.getOrDefault("baseline", Mode.HTTP_SECRET.id)));
    return results.stream().allMatch(RunResult::valid) ? 0 : 3;
  }

  // --- arguments --------------------------------------------------------------------------------

  static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }

  private static void unknown(Map<String, String> o, Set<String> known) {
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option --" + k);
      }
    }
  }

  private static String required(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("--" + key + " is required here");
    }
    return v;
  }

  private static String[] pair(String idAndSecret) {
    int colon = idAndSecret.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected ID:SECRET, got '" + idAndSecret + "'");
    }
    return new String[] {idAndSecret.substring(0, colon), idAndSecret.substring(colon + 1)};
  }

  /** {@code 15s}, {@code 500ms}, {@code 2m}, or bare seconds ({@code 15}), as wrk and bench/run.sh write them. */
  static Duration duration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: '" + s + "' (15s, 500ms, 2m)");
    }
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static void write(String out, String line) throws Exception {
    if (out == null) {
      System.out.println(line);
    } else {
      Files.writeString(Path.of(out), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }
}
