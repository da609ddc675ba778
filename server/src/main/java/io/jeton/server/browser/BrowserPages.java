package io.jeton.server.browser;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.jeton.core.Engine;
import io.jeton.core.browser.AuthorizeCommand;
import io.jeton.core.browser.BrowserSession;
import io.jeton.core.browser.BrowserSignIn;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.wire.Cookies;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The browser pages of a realm (SPEC 9): {@code /realms/{realm}/oauth2/authorize} (GET shows the
 * login page or redirects with a code at once; POST is the login form), {@code
 * /realms/{realm}/oauth2/logout}, and the pages' stylesheet. Parses the request, calls {@link
 * BrowserSignIn} and renders its outcome with the precompiled JTE templates; every rule is core's.
 *
 * <p>Every page is {@code Cache-Control: no-store}, {@code X-Frame-Options: DENY} and under a
 * Content-Security-Policy that allows no script at all, styles only from this origin, and form
 * submission only to this origin and the validated redirect URI's origin (Chromium applies {@code
 * form-action} to the redirect that follows the submission). The login form carries a CSRF token
 * bound to a pre-login cookie ({@value #CSRF_COOKIE}, keyed double submit).
 */
public final class BrowserPages {
  /** The browser session cookie (SPEC 9). */
  public static final String SESSION_COOKIE = Cookies.SESSION;
  /** The pre-login cookie the login form's CSRF token is bound to. */
  public static final String CSRF_COOKIE = "jeton_csrf";
  static final String CSP_BASE = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'self'";
  private static final List<String> AUTHORIZE_PARAMS = List.of("client_id", "redirect_uri", "response_type",
      "code_challenge", "code_challenge_method", "state", "scope");
  private static final byte[] CSS = css();
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

  private final Engine engine;

  public BrowserPages(Engine engine) {
    this.engine = engine;
  }

  /** {@code GET|POST /realms/{realm}/oauth2/authorize}, RFC 6749 section 4.1.1. */
  public WireResponse authorize(WireRequest in) {
    Optional<Realm> found = engine.realm(in.pathParam("realm"));
    if (found.isEmpty()) {
      return message(404, "Unknown realm", "There is no realm at this address.", null, "");
    }
    Realm realm = found.get();
    String css = stylesheet(realm);
    boolean post = in.method().equals("POST");
    if (!post && !in.method().equals("GET") && !in.method().equals("HEAD")) {
      return message(405, "Method not allowed", "Use GET or POST.", null, css).withHeader("Allow", "GET, POST");
    }
    Map<String, List<String>> params;
    if (post) {
      Parsed<FormBody> body = FormBody.parse(in.body());
      if (body instanceof Parsed.Bad<FormBody>(var error)) {
        return message(400, "Sign-in request not valid", error.description(), null, css);
      }
      FormBody f = ((Parsed.Ok<FormBody>) body).value();
      params = new LinkedHashMap<>();
      for (String name : List.of("client_id", "redirect_uri", "response_type", "code_challenge",
          "code_challenge_method", "state", "scope", "username", "password", "csrf_token")) {
        f.get(name).ifPresent(v -> params.put(name, List.of(v)));
      }
      params.put("resource", f.all("resource"));
    } else {
      params = in.query();
      for (String name : AUTHORIZE_PARAMS) {
        // RFC 6749 section 3.1: "Request and response parameters MUST NOT be included more than once."
        if (params.getOrDefault(name, List.of()).size() > 1) {
          return message(400, "Sign-in request not valid", "Parameter '" + name + "' is included more than once.",
              null, css);
        }
      }
    }
    BrowserSignIn signIn = engine.browser();
    AuthorizeCommand cmd = new AuthorizeCommand(one(params, "client_id"), one(params, "redirect_uri"),
        one(params, "response_type"), one(params, "code_challenge"), one(params, "code_challenge_method"),
        one(params, "state"), one(params, "scope"),
        params.getOrDefault("resource", List.of()).stream().filter(v -> !v.isEmpty()).toList());
    return switch (signIn.authorize(realm, cmd)) {
      case BrowserSignIn.Authorization.Refused(var error) ->
          message(400, "Sign-in request not valid", "This application sent a sign-in request that cannot be used.",
              error.description(), css);
      case BrowserSignIn.Authorization.RedirectError(var location, var error) -> redirect(302, location);
      case BrowserSignIn.Authorization.Valid(var req) -> {
        Optional<String> cookie = Cookies.get(in.headers(), SESSION_COOKIE);
        if (!post) {
          Optional<BrowserSession> live = signIn.liveSession(realm, cookie);
          if (live.isPresent()) {
            yield redirect(302, signIn.issueCode(realm, req, live.get()));
          }
          yield loginPage(realm, req, in, 200, null, "", css);
        }
        if (!signIn.csrfValid(realm, Cookies.get(in.headers(), CSRF_COOKIE), one(params, "csrf_token"))) {
          yield message(403, "Sign-in form expired", "The sign-in form expired or was not sent from this site. "
              + "Go back to the application and sign in again.", null, css);
        }
        String username = one(params, "username").orElse("");
        String password = one(params, "password").orElse("");
        if (username.isEmpty() || password.isEmpty()) {
          yield loginPage(realm, req, in, 400, "Enter your username and password.", username, css);
        }
        yield switch (signIn.signIn(realm, req, username, password, in.context())) {
          case BrowserSignIn.SignIn.SignedIn(var value, var session, var location) ->
              // RFC 9110 section 15.4.4: 303 turns the POST into a GET at the client's redirect URI
              redirect(303, location).withHeader("Set-Cookie", Cookies.set(SESSION_COOKIE, value, "/",
                  signIn.policy().max().toSeconds(), secure()));
          case BrowserSignIn.SignIn.Failed(var msg, var busy) ->
              loginPage(realm, req, in, busy ? 503 : 400, msg, username, css);
        };
      }
    };
  }

  /** {@code GET|POST /realms/{realm}/oauth2/logout}: the end-session endpoint of SPEC 9. */
  public WireResponse logout(WireRequest in) {
    Optional<Realm> found = engine.realm(in.pathParam("realm"));
    if (found.isEmpty()) {
      return message(404, "Unknown realm", "There is no realm at this address.", null, "");
    }
    Realm realm = found.get();
    String css = stylesheet(realm);
    Map<String, List<String>> params = new LinkedHashMap<>(in.query());
    if (in.method().equals("POST")) {
      Parsed<FormBody> body = FormBody.parse(in.body());
      if (body instanceof Parsed.Ok<FormBody>(var f)) {
        for (String name : List.of("client_id", "post_logout_redirect_uri", "state")) {
          f.get(name).ifPresent(v -> params.put(name, List.of(v)));
        }
      }
    } else if (!in.method().equals("GET") && !in.method().equals("HEAD")) {
      return message(405, "Method not allowed", "Use GET or POST.", null, css).withHeader("Allow", "GET, POST");
    }
    String clear = Cookies.clear(SESSION_COOKIE, "/", secure());
    return switch (engine.browser().logout(realm, Cookies.get(in.headers(), SESSION_COOKIE), one(params, "client_id"),
        one(params, "post_logout_redirect_uri"), one(params, "state"), in.context())) {
      case BrowserSignIn.Logout.Redirect(var location) -> redirect(302, location).withHeader("Set-Cookie", clear);
      case BrowserSignIn.Logout.SignedOut(var notice) -> message(200, "Signed out",
          "You are signed out of " + realm.name().value() + ".", notice.orElse(null), css)
          .withHeader("Set-Cookie", clear);
    };
  }

  /** {@code GET /realms/{realm}/oauth2/login.css}: the pages' only stylesheet (CSP {@code style-src 'self'}). */
  public WireResponse stylesheet(WireRequest in) {
    return new WireResponse(200, Map.of("Content-Type", "text/css; charset=utf-8", "Cache-Control",
        "public, max-age=3600"), CSS);
  }

  private WireResponse loginPage(Realm realm, io.jeton.core.browser.AuthorizationRequest req, WireRequest in,
      int status, String error, String username, String css) {
    Optional<String> binding = Cookies.get(in.headers(), CSRF_COOKIE).filter(v -> v.length() == 43);
    String value = binding.orElseGet(engine.browser()::newCsrfBinding);
    List<LoginPage.Hidden> hidden = new ArrayList<>();
    hidden.add(new LoginPage.Hidden("client_id", req.client().id().value()));
    hidden.add(new LoginPage.Hidden("redirect_uri", req.redirectUri()));
    hidden.add(new LoginPage.Hidden("response_type", "code"));
    hidden.add(new LoginPage.Hidden("code_challenge", req.codeChallenge()));
    hidden.add(new LoginPage.Hidden("code_challenge_method", "S256"));
    req.state().ifPresent(s -> hidden.add(new LoginPage.Hidden("state", s)));
    hidden.add(new LoginPage.Hidden("scope", String.join(" ", req.scope())));
    for (String r : req.resources()) {
      hidden.add(new LoginPage.Hidden("resource", r));
    }
    String action = "/realms/" + realm.name().value() + "/oauth2/authorize";
    LoginPage page = new LoginPage(displayName(realm), req.client().id().value(), action, css,
        engine.browser().csrfToken(realm, value), hidden, username, error);
    WireResponse r = html(status, render("login.jte", page), formAction(req.redirectUri()));
    return binding.isPresent() ? r : r.withHeader("Set-Cookie", Cookies.set(CSRF_COOKIE, value, action, 3600,
        secure()));
  }

  private static String displayName(Realm realm) {
    return realm.issuerName() == null || realm.issuerName().isEmpty() ? realm.name().value() : realm.issuerName();
  }

  /** The CSP source of the redirect URI's origin (scheme, host and port), or of its scheme for a private-use URI. */
  static String formAction(String redirectUri) {
    try {
      URI u = new URI(redirectUri);
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getRawAuthority() != null) {
        return scheme + "://" + u.getRawAuthority().replaceAll("^.*@", "");
      }
      return scheme + ":";
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return "";
    }
  }

  private WireResponse message(int status, String title, String message, String detail, String css) {
    return html(status, render("message.jte", new MessagePage(title, message, detail, css)), "");
  }

  private static WireResponse html(int status, byte[] body, String extraFormAction) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "text/html; charset=utf-8");
    h.put("Cache-Control", "no-store");
    h.put("X-Frame-Options", "DENY");
    h.put("Content-Security-Policy", CSP_BASE + (extraFormAction.isEmpty() ? "" : " " + extraFormAction));
    h.put("Referrer-Policy", "no-referrer");
    return new WireResponse(status, h, body);
  }

  private static WireResponse redirect(int status, String location) {
    return new WireResponse(status, Map.of("Location", location, "Cache-Control", "no-store",
        "Referrer-Policy", "no-referrer"), null);
  }

  private boolean secure() {
    return engine.settings().publicUrl().toLowerCase(Locale.ROOT).startsWith("https:");
  }

  private static String stylesheet(Realm realm) {
    return "/realms/" + realm.name().value() + "/oauth2/login.css";
  }

  private static byte[] render(String template, Object page) {
    Utf8ByteOutput out = new Utf8ByteOutput();
    TEMPLATES.render(template, page, out);
    return out.toByteArray();
  }

  private static Optional<String> one(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() || v.get(0).isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  private static byte[] css() {
    try (InputStream in = BrowserPages.class.getResourceAsStream("login.css")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
