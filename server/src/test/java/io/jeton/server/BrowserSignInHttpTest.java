package io.jeton.server;

import static io.jeton.server.DialectFixture.assertAminoError;
import static io.jeton.server.TestNode.FORM;
import static io.jeton.server.TestNode.assertError;
import static io.jeton.server.TestNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.admin.RealmImport.ClientImport;
import io.jeton.core.admin.RealmImport.UserImport;
import io.jeton.core.browser.BrowserSignIn;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.wire.DialectMount;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browser sign-in (SPEC 9) against a real server, attacks first: the authorization endpoint's
 * refusals (unknown client, unregistered or look-alike redirect URIs never redirected to; missing
 * or {@code plain} PKCE, a wrong response type or a client without the grant redirected with the
 * error, {@code state} and {@code iss}), the login form's CSRF token, the answers that never say
 * whether a user exists, the code's one use (a replay revokes its tokens), the verifier and
 * redirect URI checks, the browser session's expiry, logout and its redirect, and Amino's cookie
 * exchange. The server is on a clock the tests move.
 */
class BrowserSignInHttpTest {
  static final String REALM = "web";
  static final String CB = "https://spa.example/cb";
  static final String BYE = "https://spa.example/bye";
  static final String APP_CB = "https://app.example/cb";
  static final MovableClock CLOCK = new MovableClock();
  static TestNode node;

  static final class MovableClock implements InstantSource {
    volatile Duration shift = Duration.ZERO;

    @Override
    public Instant instant() {
      return Instant.now().plus(shift);
    }
  }

  static List<RealmImport> imports() {
    Realm web = Realm.withDefaults(RealmName.of(REALM)).withDialectClients(Map.of("amino", ClientId.of("amino")));
    return List.of(new RealmImport(web, List.of(
        new ClientImport("spa", Optional.empty(), Set.of("authorization_code", "refresh_token"),
            Set.of("read", "write"), Optional.empty()).withRedirectUris(List.of(CB), List.of(BYE)),
        new ClientImport("app", Optional.of("app-secret"), Set.of("authorization_code", "refresh_token",
            "password"), Set.of("read"), Optional.empty()).withRedirectUris(List.of(APP_CB), List.of()),
        new ClientImport("noCode", Optional.of("nc-secret"), Set.of("password"), Set.of("read"), Optional.empty())
            .withRedirectUris(List.of("https://nocode.example/cb"), List.of()),
        new ClientImport("amino", Optional.empty(), Set.of("password", "refresh_token"), Set.of("read"),
            Optional.empty())),
        List.of(new UserImport("alice", Optional.of("alice-pass"), true, List.of(), Map.of("userId", "42")),
            new UserImport("bob", Optional.of("bob-pass"), false, List.of(), Map.of()),
            new UserImport("mallory", Optional.of("mallory-pass"), true, List.of(), Map.of()))));
  }

  @BeforeAll
  static void start() {
    node = TestNode.start(imports(), Map.of("amino", DialectFixture.mount("amino", "/amino", REALM, null, null)),
        CLOCK);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A PKCE pair (RFC 7636 section 4.1 and 4.2). */
  record Pkce(String verifier, String challenge) {
    static Pkce fresh() {
      String v = io.jeton.core.crypto.Tokens.random(32) + "-._~";
      try {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(v.getBytes(StandardCharsets.US_ASCII));
        return new Pkce(v, Base64.getUrlEncoder().withoutPadding().encodeToString(d));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static String query(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    params.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  static Map<String, String> params(String client, String redirect, Pkce pkce, String state) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", client);
    p.put("redirect_uri", redirect);
    p.put("code_challenge", pkce.challenge());
    p.put("code_challenge_method", "S256");
    p.put("state", state);
    return p;
  }

  static HttpResponse<String> authorize(Map<String, String> params, String cookie) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + "/realms/" + REALM
        + "/oauth2/authorize?" + query(params))).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return node.send(b.build());
  }

  static HttpResponse<String> postForm(String path, String body, String cookie) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path)).header("Content-Type", FORM)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return node.send(b.build());
  }

  /** The login page of a valid request: the CSRF cookie and the form's fields. */
  record Form(String csrfCookie, Map<String, String> fields) {}

  static Form loginForm(Map<String, String> params) {
    HttpResponse<String> page = authorize(params, null);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    String csrfCookie = setCookie.substring(0, setCookie.indexOf(';'));
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(page.body());
    while (m.find()) {
      fields.put(m.group(1), m.group(2).replace("&#39;", "'").replace("&#34;", "\"")
          .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    }
    return new Form(csrfCookie, fields);
  }

  static HttpResponse<String> submit(Form form, String username, String password) {
    Map<String, String> f = new LinkedHashMap<>(form.fields());
    f.put("username", username);
    f.put("password", password);
    return postForm("/realms/" + REALM + "/oauth2/authorize", query(f), form.csrfCookie());
  }

  /** Signed in: the session cookie ({@code jeton_session=...}) and the redirect's query parameters. */
  record SignedIn(String cookie, String setCookie, Map<String, String> redirect) {}

  static SignedIn signIn(String client, String redirect, Pkce pkce, String state) {
    HttpResponse<String> r = submit(loginForm(params(client, redirect, pkce, state)), "alice", "alice-pass");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(redirect + "?code=");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return new SignedIn(setCookie.substring(0, setCookie.indexOf(';')), setCookie, queryOf(location));
  }

  static Map<String, String> queryOf(String location) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = URI.create(location).getRawQuery();
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  static HttpResponse<String> redeem(String client, String code, String redirect, String verifier) {
    StringBuilder b = new StringBuilder(form("grant_type", "authorization_code", "client_id", client, "code", code));
    if (redirect != null) {
      b.append('&').append(form("redirect_uri", redirect));
    }
    if (verifier != null) {
      b.append('&').append(form("code_verifier", verifier));
    }
    return node.post(REALM, "token", b.toString());
  }

  static JsonNode introspect(String token) {
    HttpResponse<String> r = node.post(REALM, "introspect", "app", "app-secret", form("token", token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestNode.json(r);
  }

  static void assertPage(HttpResponse<String> r, int status, String... contains) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.body()).contains(contains);
  }

  static String errorRedirect(String redirect, String error, String description, String state) {
    return redirect + "?" + query(Map.of()) + "error=" + URLEncoder.encode(error, StandardCharsets.UTF_8)
        + "&error_description=" + URLEncoder.encode(description, StandardCharsets.UTF_8)
        + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
        + "&iss=" + URLEncoder.encode(node.issuer(REALM), StandardCharsets.UTF_8);
  }

  // ---- the authorization endpoint: what is never redirected to --------------------------------

  @Test
  void authorize_unregisteredOrLookAlikeRedirectUri_showsPageAndNeverRedirects() {
    for (String evil : List.of("https://evil.example/cb", "https://spa.example/cb/", "https://spa.example/cb?x=1",
        "https://spa.example/CB", "https://spa.example.evil.example/cb", "https://spa.example/cb/../evil",
        "HTTPS://spa.example/cb", "https://spa.example:443/cb", "//evil.example/cb", "https://spa.example/cb#x")) {
      HttpResponse<String> r = authorize(params("spa", evil, Pkce.fresh(), "s1"), null);
      assertPage(r, 400, "Sign-in request not valid", "redirect_uri is not registered for client 'spa'");
    }
  }

  @Test
  void authorize_missingRedirectUriOrUnknownClient_showsPage() {
    Map<String, String> p = params("spa", CB, Pkce.fresh(), "s1");
    p.remove("redirect_uri");
    assertPage(authorize(p, null), 400, "missing parameter 'redirect_uri'");
    assertPage(authorize(params("nobody", CB, Pkce.fresh(), "s1"), null), 400,
        "there is no client 'nobody' in this realm");
    Map<String, String> twice = params("spa", CB, Pkce.fresh(), "s1");
    HttpResponse<String> r = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/realms/" + REALM
        + "/oauth2/authorize?" + query(twice) + "&redirect_uri=" + URLEncoder.encode("https://evil.example/",
        StandardCharsets.UTF_8))).GET().build());
    assertPage(r, 400, "Parameter 'redirect_uri' is included more than once.");
  }

  // ---- the authorization endpoint: errors sent to the client ---------------------------------

  @Test
  void authorize_withoutPkce_redirectsInvalidRequestWithStateAndIss() {
    Map<String, String> p = params("spa", CB, Pkce.fresh(), "st-1");
    p.remove("code_challenge");
    p.remove("code_challenge_method");
    HttpResponse<String> r = authorize(p, null);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains(errorRedirect(CB, "invalid_request",
        "code challenge required: send code_challenge and code_challenge_method=S256 (PKCE, RFC 7636)", "st-1"));
  }

  @Test
  void authorize_plainOrMissingPkceMethod_redirectsInvalidRequest() {
    Map<String, String> p = params("spa", CB, Pkce.fresh(), "st-2");
    p.put("code_challenge_method", "plain");
    assertThat(authorize(p, null).headers().firstValue("Location")).contains(errorRedirect(CB, "invalid_request",
        "code_challenge_method 'plain' is not supported; use S256", "st-2"));
    p.remove("code_challenge_method");
    assertThat(authorize(p, null).headers().firstValue("Location")).contains(errorRedirect(CB, "invalid_request",
        "code_challenge_method 'plain' is not supported; use S256", "st-2"));
  }

  @Test
  void authorize_responseTypeToken_redirectsUnsupportedResponseType() {
    Map<String, String> p = params("spa", CB, Pkce.fresh(), "st-3");
    p.put("response_type", "token");
    HttpResponse<String> r = authorize(p, null);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains(errorRedirect(CB, "unsupported_response_type",
        "response_type 'token' is not supported; use 'code'", "st-3"));
  }

  @Test
  void authorize_clientWithoutTheCodeGrant_redirectsUnauthorizedClient() {
    HttpResponse<String> r = authorize(params("noCode", "https://nocode.example/cb", Pkce.fresh(), "st-4"), null);
    assertThat(r.headers().firstValue("Location")).contains(errorRedirect("https://nocode.example/cb",
        "unauthorized_client", "client 'noCode' may not use the authorization code flow", "st-4"));
  }

  @Test
  void authorize_scopeTheClientMayNotAsk_redirectsInvalidScope() {
    Map<String, String> p = params("spa", CB, Pkce.fresh(), "st-5");
    p.put("scope", "admin");
    HttpResponse<String> r = authorize(p, null);
    assertThat(r.headers().firstValue("Location").orElseThrow())
        .startsWith(CB + "?error=invalid_scope&error_description=").endsWith("&state=st-5&iss="
            + URLEncoder.encode(node.issuer(REALM), StandardCharsets.UTF_8));
  }

  // ---- the login page ------------------------------------------------------------------------

  @Test
  void loginPage_isAFormWithLabelsCsrfTokenAndStrictHeaders() {
    HttpResponse<String> r = authorize(params("spa", CB, Pkce.fresh(), "st"), null);
    assertPage(r, 200, "<label for=\"username\">Username</label>", "<label for=\"password\">Password</label>",
        "name=\"username\"", "name=\"password\" type=\"password\"", "name=\"csrf_token\"", "Sign in to web",
        "<html lang=\"en\">");
    assertThat(r.body()).doesNotContain("<script");
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).isEqualTo("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
        + "frame-ancestors 'none'; form-action 'self' https://spa.example");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).matches(
        "jeton_csrf=[A-Za-z0-9_-]{43}; Path=/realms/web/oauth2/authorize; Max-Age=3600; HttpOnly; SameSite=Lax");
    HttpResponse<String> css = node.get("/realms/" + REALM + "/oauth2/login.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
  }

  @Test
  void loginPage_escapesTheState() {
    HttpResponse<String> r = authorize(params("spa", CB, Pkce.fresh(), "\"><script>alert(1)</script>"), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("<script>").contains("name=\"state\" value=\"&#34;>&lt;script>alert(1)&lt;/script>\"");
  }

  @Test
  void signIn_withoutOrWithAWrongCsrfToken_isRefusedAndSetsNoSession() {
    Form form = loginForm(params("spa", CB, Pkce.fresh(), "st"));
    Map<String, String> f = new LinkedHashMap<>(form.fields());
    f.put("username", "alice");
    f.put("password", "alice-pass");
    // the token without its cookie (a cross-site form post), then a forged token with the cookie
    for (HttpResponse<String> r : List.of(postForm("/realms/" + REALM + "/oauth2/authorize", query(f), null),
        postForm("/realms/" + REALM + "/oauth2/authorize", query(Map.of()) + query(withCsrf(f, "x".repeat(43))),
            form.csrfCookie()))) {
      assertPage(r, 403, "Sign-in form expired");
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }
  }

  private static Map<String, String> withCsrf(Map<String, String> f, String token) {
    Map<String, String> m = new LinkedHashMap<>(f);
    m.put("csrf_token", token);
    return m;
  }

  @Test
  void signIn_wrongPasswordUnknownUserAndDisabledUser_getTheSameAnswer() {
    Form form = loginForm(params("spa", CB, Pkce.fresh(), "st"));
    for (String[] attempt : List.of(new String[] {"alice", "wrong"}, new String[] {"nobody", "wrong"},
        new String[] {"bob", "bob-pass"})) {
      HttpResponse<String> r = submit(form, attempt[0], attempt[1]);
      assertPage(r, 400, "<p class=\"error\" role=\"alert\" id=\"login-error\">" + BrowserSignIn.LOGIN_REFUSED + "</p>");
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void signIn_guessesLockTheUserForEveryApi() {
    Form form = loginForm(params("spa", CB, Pkce.fresh(), "st"));
    for (int i = 0; i < 5; i++) {
      assertThat(submit(form, "mallory", "guess-" + i).statusCode()).isEqualTo(400);
    }
    // locked: the right password is refused on the page and through the password grant alike
    assertPage(submit(form, "mallory", "mallory-pass"), 400, BrowserSignIn.LOGIN_REFUSED);
    HttpResponse<String> grant = node.post(REALM, "token", "app", "app-secret",
        form("grant_type", "password", "username", "mallory", "password", "mallory-pass"));
    assertThat(grant.statusCode()).isEqualTo(400);
    assertThat(grant.body()).contains("invalid_grant");
  }

  // ---- codes ---------------------------------------------------------------------------------

  @Test
  void signIn_redirectsWithCodeStateAndIss_andTheCodeRedeemsOnceForTokens() {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st-ok");
    assertThat(s.redirect().keySet()).containsExactly("code", "state", "iss");
    assertThat(s.redirect().get("state")).isEqualTo("st-ok");
    assertThat(s.redirect().get("iss")).isEqualTo(node.issuer(REALM));
    assertThat(s.setCookie()).matches("jeton_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax");

    HttpResponse<String> r = redeem("spa", s.redirect().get("code"), CB, pkce.verifier());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode tokens = TestNode.json(r);
    assertThat(TestNode.keys(tokens)).contains("access_token", "refresh_token", "token_type", "expires_in", "scope");
    JsonNode active = introspect(tokens.get("access_token").asText());
    assertThat(active.get("active").asBoolean()).isTrue();
    assertThat(active.get("client_id").asText()).isEqualTo("spa");
    assertThat(active.get("username").asText()).isEqualTo("alice");
    // a public client refreshes its own tokens
    HttpResponse<String> refreshed = node.post(REALM, "token", form("grant_type", "refresh_token", "client_id", "spa",
        "refresh_token", tokens.get("refresh_token").asText()));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
  }

  @Test
  void redeem_replayedCode_isRefusedAndRevokesTheTokensItIssued() {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st");
    JsonNode first = TestNode.json(redeem("spa", s.redirect().get("code"), CB, pkce.verifier()));
    assertThat(introspect(first.get("access_token").asText()).get("active").asBoolean()).isTrue();

    assertError(redeem("spa", s.redirect().get("code"), CB, pkce.verifier()), 400, "invalid_grant",
        "the authorization code was already used; the tokens it issued are revoked");
    assertThat(introspect(first.get("access_token").asText()).get("active").asBoolean()).isFalse();
    HttpResponse<String> refresh = node.post(REALM, "token", form("grant_type", "refresh_token", "client_id", "spa",
        "refresh_token", first.get("refresh_token").asText()));
    assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
    assertThat(TestNode.json(refresh).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void redeem_wrongOrMissingVerifier_isRefused() {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st");
    assertError(redeem("spa", s.redirect().get("code"), CB, Pkce.fresh().verifier()), 400, "invalid_grant",
        "code_verifier does not match the code_challenge");
    SignedIn t = signIn("spa", CB, pkce, "st");
    assertError(redeem("spa", t.redirect().get("code"), CB, null), 400, "invalid_grant",
        "missing parameter 'code_verifier' (PKCE, RFC 7636)");
    // the challenge itself as the verifier (a "plain" downgrade) does not match either
    SignedIn u = signIn("spa", CB, pkce, "st");
    assertError(redeem("spa", u.redirect().get("code"), CB, pkce.challenge()), 400, "invalid_grant",
        "code_verifier does not match the code_challenge");
  }

  @Test
  void redeem_otherRedirectUriOrNone_isRefused() {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st");
    assertError(redeem("spa", s.redirect().get("code"), "https://evil.example/cb", pkce.verifier()), 400,
        "invalid_grant", "redirect_uri does not match the authorization request");
    SignedIn t = signIn("spa", CB, pkce, "st");
    assertError(redeem("spa", t.redirect().get("code"), null, pkce.verifier()), 400, "invalid_grant",
        "redirect_uri does not match the authorization request");
  }

  @Test
  void redeem_byAnotherClientOrUnknownCode_isRefused() {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st");
    assertError(node.post(REALM, "token", "app", "app-secret", form("grant_type", "authorization_code", "code",
        s.redirect().get("code"), "redirect_uri", CB, "code_verifier", pkce.verifier())), 400, "invalid_grant",
        "the authorization code was issued to another client");
    assertError(redeem("spa", "y".repeat(43), CB, pkce.verifier()), 400, "invalid_grant",
        "the authorization code is invalid or expired");
    assertError(node.post(REALM, "token", "noCode", "nc-secret", form("grant_type", "authorization_code", "code",
        "y".repeat(43), "redirect_uri", CB, "code_verifier", pkce.verifier())), 400, "unauthorized_client",
        "client 'noCode' may not use grant_type 'authorization_code'");
  }

  @Test
  void redeem_tenParallelRedemptionsOfOneCode_issueOneSessionThatTheReplaysRevoke() throws Exception {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st");
    long before = sessionsOfSpa();
    long liveBefore = liveSessionsOfSpa();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<HttpResponse<String>>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        all.add(pool.submit(() -> {
          go.await();
          return redeem("spa", s.redirect().get("code"), CB, pkce.verifier());
        }));
      }
      go.countDown();
      List<HttpResponse<String>> answers = new java.util.ArrayList<>();
      for (var f : all) {
        answers.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      // the code issued one session whichever way the race went; the replays revoked it, so the
      // winner either answered before any replay (its tokens now dead) or saw one and refused too
      List<HttpResponse<String>> issued = answers.stream().filter(r -> r.statusCode() == 200).toList();
      assertThat(issued.size()).isLessThanOrEqualTo(1);
      assertThat(answers.stream().filter(r -> r.statusCode() == 400)).hasSize(10 - issued.size());
      for (HttpResponse<String> r : answers) {
        if (r.statusCode() == 400) {
          assertError(r, 400, "invalid_grant", "the authorization code was already used; the tokens it issued are"
              + " revoked");
        }
      }
      assertThat(sessionsOfSpa() - before).isEqualTo(1);
      assertThat(liveSessionsOfSpa()).isEqualTo(liveBefore);
      for (HttpResponse<String> r : issued) {
        assertThat(introspect(TestNode.json(r).get("access_token").asText()).get("active").asBoolean()).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long sessionsOfSpa() {
    return count("SELECT COUNT(*) FROM session WHERE realm = 'web' AND client_id = 'spa'");
  }

  private static long liveSessionsOfSpa() {
    return count("SELECT COUNT(*) FROM session WHERE realm = 'web' AND client_id = 'spa' AND revoked_at IS NULL");
  }

  private static long count(String sql) {
    try (var c = node.server.database().dataSource().getConnection(); var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void redeem_after60Seconds_isRefusedAsExpired() {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st");
    CLOCK.shift = Duration.ofSeconds(61);
    try {
      assertError(redeem("spa", s.redirect().get("code"), CB, pkce.verifier()), 400, "invalid_grant",
          "the authorization code has expired");
    } finally {
      CLOCK.shift = Duration.ZERO;
    }
  }

  // ---- the browser session -------------------------------------------------------------------

  @Test
  void authorize_withALiveBrowserSession_redirectsAtOnce() {
    SignedIn s = signIn("spa", CB, Pkce.fresh(), "st");
    Pkce again = Pkce.fresh();
    HttpResponse<String> r = authorize(params("spa", CB, again, "st-2"), s.cookie());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    Map<String, String> q = queryOf(r.headers().firstValue("Location").orElseThrow());
    assertThat(q.get("state")).isEqualTo("st-2");
    assertThat(redeem("spa", q.get("code"), CB, again.verifier()).statusCode()).isEqualTo(200);
  }

  @Test
  void authorize_withAnIdleExpiredOrForgedBrowserSession_showsTheLoginPage() {
    SignedIn s = signIn("spa", CB, Pkce.fresh(), "st");
    assertPage(authorize(params("spa", CB, Pkce.fresh(), "st"), "jeton_session=" + "z".repeat(43)), 200,
        "name=\"password\"");
    CLOCK.shift = Duration.ofMinutes(31);
    try {
      assertPage(authorize(params("spa", CB, Pkce.fresh(), "st"), s.cookie()), 200, "name=\"password\"");
    } finally {
      CLOCK.shift = Duration.ZERO;
    }
    // expired stays expired when the clock comes back: idle expiry is never moved for a dead session
    SignedIn t = signIn("spa", CB, Pkce.fresh(), "st");
    CLOCK.shift = Duration.ofHours(13);
    try {
      assertPage(authorize(params("spa", CB, Pkce.fresh(), "st"), t.cookie()), 200, "name=\"password\"");
    } finally {
      CLOCK.shift = Duration.ZERO;
    }
  }

  // ---- bad input ------------------------------------------------------------------------------

  /**
   * A NUL byte in each browser input: PostgreSQL refuses it in text (a 500 if it reached a
   * statement), H2 stores it. Every answer is the endpoint's own 4xx or page, on both stores, and no
   * session is written.
   */
  @Test
  void nulBytesInEveryBrowserInput_areRefusedWithoutA5xxAndWriteNothing() {
    long before = sessionsOfSpa();
    Pkce pkce = Pkce.fresh();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (String key : List.of("client_id", "redirect_uri", "state", "scope", "code_challenge")) {
      Map<String, String> p = params("spa", CB, pkce, "st");
      p.put(key, p.getOrDefault(key, "read") + "\u0000x");
      answers.add(authorize(p, null));
    }
    Form form = loginForm(params("spa", CB, pkce, "st"));
    answers.add(submit(form, "alice\u0000", "alice-pass"));
    answers.add(submit(form, "alice", "alice-pass\u0000"));
    answers.add(authorize(params("spa", CB, pkce, "st"), "jeton_session=a%00b"));
    answers.add(redeem("spa", "c\u0000de", CB, pkce.verifier()));
    answers.add(postForm("/amino/token/exchange", "", "jeton_session=a%00b"));
    answers.add(node.send(HttpRequest.newBuilder(URI.create(node.base() + "/realms/" + REALM + "/oauth2/logout?"
        + query(Map.of("client_id", "spa\u0000", "post_logout_redirect_uri", BYE + "\u0000")))).GET().build()));
    for (HttpResponse<String> r : answers) {
      assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isBetween(200, 499);
    }
    assertThat(sessionsOfSpa()).isEqualTo(before);
  }

  // ---- logout --------------------------------------------------------------------------------

  @Test
  void logout_endsTheBrowserSessionAndRevokesItsTokens() {
    Pkce pkce = Pkce.fresh();
    SignedIn s = signIn("spa", CB, pkce, "st");
    String access = TestNode.json(redeem("spa", s.redirect().get("code"), CB, pkce.verifier()))
        .get("access_token").asText();
    HttpResponse<String> r = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/realms/" + REALM
        + "/oauth2/logout")).header("Cookie", s.cookie()).GET().build());
    assertPage(r, 200, "Signed out", "You are signed out of web.");
    assertThat(r.headers().firstValue("Set-Cookie")).contains("jeton_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    assertThat(introspect(access).get("active").asBoolean()).isFalse();
    assertPage(authorize(params("spa", CB, Pkce.fresh(), "st"), s.cookie()), 200, "name=\"password\"");
  }

  @Test
  void logout_redirectsOnlyToARegisteredPostLogoutUri() {
    SignedIn s = signIn("spa", CB, Pkce.fresh(), "st");
    HttpResponse<String> ok = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/realms/" + REALM
        + "/oauth2/logout?" + query(Map.of("client_id", "spa", "post_logout_redirect_uri", BYE, "state", "b1"))))
        .header("Cookie", s.cookie()).GET().build());
    assertThat(ok.statusCode()).isEqualTo(302);
    assertThat(ok.headers().firstValue("Location")).contains(BYE + "?state=b1");
    for (Map<String, String> evil : List.of(
        Map.of("client_id", "spa", "post_logout_redirect_uri", "https://evil.example/"),
        Map.of("client_id", "spa", "post_logout_redirect_uri", BYE + "/../evil"),
        Map.of("client_id", "spa", "post_logout_redirect_uri", CB),
        Map.of("post_logout_redirect_uri", BYE),
        Map.of("client_id", "app", "post_logout_redirect_uri", BYE))) {
      HttpResponse<String> r = postForm("/realms/" + REALM + "/oauth2/logout", query(evil), null);
      assertPage(r, 200, "Signed out", "you were not redirected.");
    }
  }

  // ---- Amino's cookie exchange ---------------------------------------------------------------

  @Test
  void aminoExchange_liveCookieGivesTheDocument_noneOrDeadIs401() {
    assertAminoError(postForm("/amino/token/exchange", "", null), 401, "invalid_token", "Invalid token",
        "no browser session: sign in first (cookie 'jeton_session')");
    assertAminoError(postForm("/amino/token/exchange", "", "jeton_session=" + "q".repeat(43)), 401,
        "invalid_token", "Invalid token", "the browser session is invalid, expired or ended");

    SignedIn s = signIn("spa", CB, Pkce.fresh(), "st");
    HttpResponse<String> r = postForm("/amino/token/exchange", "", s.cookie());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode doc = TestNode.json(r).get("data").get(0);
    assertThat(doc.get("type").asText()).isEqualTo("AuthenticationTokens");
    assertThat(doc.get("attributes").get("user_id").asInt()).isEqualTo(42);
    String access = doc.get("attributes").get("access_token").asText();
    JsonNode active = introspect(access);
    assertThat(active.get("active").asBoolean()).isTrue();
    assertThat(active.get("client_id").asText()).isEqualTo("amino");
    assertThat(active.get("sid").asText()).isEqualTo(doc.get("id").asText());

    postForm("/realms/" + REALM + "/oauth2/logout", "", s.cookie());
    assertThat(introspect(access).get("active").asBoolean()).isFalse();
    assertAminoError(postForm("/amino/token/exchange", "", s.cookie()), 401, "invalid_token", "Invalid token",
        "the browser session is invalid, expired or ended");
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Test
  void metadata_listsTheBrowserEndpointsAndS256() {
    JsonNode m = TestNode.json(node.get("/realms/" + REALM + "/.well-known/openid-configuration"));
    assertThat(m.get("authorization_endpoint").asText()).isEqualTo(node.issuer(REALM) + "/oauth2/authorize");
    assertThat(m.get("end_session_endpoint").asText()).isEqualTo(node.issuer(REALM) + "/oauth2/logout");
    assertThat(m.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
    assertThat(m.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(m.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
    assertThat(m.get("grant_types_supported").toString()).contains("\"authorization_code\"");
  }
}
