package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Core's surface is closed (issue 6, the code review's redesign): the dialects, the server and the
 * CLI use core only through the engine, its command and outcome records, values and errors, and
 * the wiring of a node. The grants, the introspector, the revoker, the client authenticator, the
 * lockout guard, the key ring and the codecs are public only so that {@code Engine} in another
 * package can build them; this test, reading the compiled classes with {@code jdeps}, keeps every
 * other module off them, so that who may do what cannot be chosen by which class a dialect calls.
 */
class CoreSurfaceTest {
  /** Every core type another module may use. A new one here is an API decision: say why in the commit. */
  static final Set<String> API = Set.of(
      // the engine and what a call to it takes and gives back
      "Engine", "EngineSettings", "Caller", "DialectAccess", "RequestContext",
      "grant.TokenCommand", "grant.TokenOutcome", "grant.IssuedTokens", "introspect.Introspection",
      "revoke.RevocationOutcome", "revoke.RevocationScope", "client.ClientCredentials",
      "client.ClientAuthentication", "lockout.Unlock", "admin.Directory", "admin.RealmImport",
      // a request's DPoP header as the oauth2 dialect hands it to core, which verifies it (RFC 9449)
      "dpop.DpopProof",
      // browser sign-in (SPEC 9): Engine.browser() and what its calls take and give back; every rule is in it
      "browser.BrowserSignIn", "browser.AuthorizeCommand", "browser.AuthorizationRequest", "browser.BrowserSession",
      "browser.BrowserSessionPolicy",
      // values and errors
      "ClientId", "RealmName", "SessionId", "UserId", "realm.Realm", "realm.AuthServiceRef", "realm.LockoutPolicy",
      "realm.SigningAlgorithm", "realm.KeyPolicy", "realm.AccessTokenTyp", "client.Client", "user.User", "session.Session", "token.AccessClaims",
      "token.Confirmation",
      // TLS (issue 7): the edge hands core the request's client certificate, and the node's CAs
      "client.ClientCertificate", "client.CertificateTrust",
      "auth.AuthService", "auth.AuthParameter", "error.OAuthError", "error.ErrorCode",
      // a signing key's lifecycle as bin/jeton keys list and keys rotate show it (SPEC 10)
      "keys.KeySchedule", "keys.KeyState",
      // the wiring of a node: its stores, master key, hashing pool and purge job
      "Stores", "crypto.MasterKey", "user.PasswordHasher", "lifecycle.Janitor", "lifecycle.PurgeLock",
      "lifecycle.Purged",
      // the operator's operations of SPEC 11 (Engine.admin()), called by the CLI and the admin API
      "admin.Admin", "admin.AdminFailure", "admin.AdminViews", "audit.AuditEvent", "audit.AuditType",
      "client.GrantType",
      // the server subscribes the engine to the store's change feed (SPEC 10, docs/storage.md "Change notices")
      "change.Change", "change.ChangeFeed",
      // (what /metrics counts, SPEC 11, is labelled with audit.AuditType and client.GrantType, above)
      // the server starts loading the native signature provider once it listens (docs/decisions.md)
      "keys.SignatureProvider");

  private static final Pattern EDGE = Pattern.compile("^\\s*(\\S+)\\s+->\\s+io\\.jeton\\.core\\.([\\w.$]+)");

  @Test
  void dialectsServerAndCli_useOnlyCoresApi() {
    Path[] modules = {Path.of("../dialect/target/classes"), Path.of("../server/target/classes"),
        Path.of("target/classes")};
    for (Path m : modules) {
      assertThat(Files.isDirectory(m)).as(m + " is built").isTrue();
    }
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
    StringWriter out = new StringWriter();
    PrintWriter w = new PrintWriter(out);
    int rc = jdeps.run(w, w, "-verbose:class", "-filter:none", "-e", "io\\.jeton\\.core\\..*",
        modules[0].toString(), modules[1].toString(), modules[2].toString());
    w.flush();
    assertThat(rc).as(out.toString()).isZero();

    Map<String, Set<String>> users = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      Matcher m = EDGE.matcher(line);
      if (m.find()) {
        String type = m.group(2).replaceAll("\\$.*", "");
        users.computeIfAbsent(type, t -> new TreeSet<>()).add(m.group(1));
      }
    }
    assertThat(users).as("jdeps found the dialects' use of core").containsKey("Engine");
    Map<String, Set<String>> outside = new TreeMap<>(users);
    outside.keySet().removeAll(API);
    assertThat(outside).as("core types used outside core that are not its API (type -> users)").isEmpty();
  }
}
