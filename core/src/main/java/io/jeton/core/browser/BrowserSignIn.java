package io.jeton.core.browser;

import io.jeton.core.Caller;
import io.jeton.core.ClientId;
import io.jeton.core.RealmName;
import io.jeton.core.RequestContext;
import io.jeton.core.SessionId;
import io.jeton.core.TokenHash;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditLog;
import io.jeton.core.audit.AuditType;
import io.jeton.core.auth.AuthService;
import io.jeton.core.auth.AuthServices;
import io.jeton.core.auth.LoginGuard;
import io.jeton.core.client.Client;
import io.jeton.core.client.GrantType;
import io.jeton.core.crypto.Hmac;
import io.jeton.core.crypto.Tokens;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.PasswordGrant;
import io.jeton.core.grant.Resources;
import io.jeton.core.grant.Scopes;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.SessionRevoker;
import io.jeton.core.session.Session;
import io.jeton.core.session.SessionStore;
import io.jeton.core.token.Confirmation;
import io.jeton.core.user.User;
import io.jeton.core.user.UserStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Browser sign-in (SPEC 9): the authorization code flow of RFC 6749 section 4.1 under RFC 9700's
 * rules, with PKCE S256 for every client (RFC 7636), the browser session behind the {@code
 * jeton_session} cookie, the cookie exchange of Amino, and logout. Every rule lives here; the
 * server only parses and renders.
 *
 * <p>A code is stored under its SHA-256, used once ({@link BrowserStore#use} is a compare-and-set)
 * and lives {@link #CODE_TTL}; a second use is refused and revokes the session the first use
 * issued (RFC 6749 section 4.1.2: the server "SHOULD revoke (when possible) all tokens previously
 * issued based on that authorization code"). Each token set issued from a browser session (a
 * redeemed code, an Amino exchange) is a new Jeton session linked to it; logout revokes them all,
 * and a browser session one of whose Jeton sessions was revoked is no longer live.
 */
public final class BrowserSignIn {
  /** RFC 6749 section 4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; SPEC 9: 60 s. */
  public static final Duration CODE_TTL = Duration.ofSeconds(60);
  /** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  /** RFC 7636 section 4.2: BASE64URL(SHA256(verifier)) is 43 characters. */
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int MAX_STATE = 2048;

  private final BrowserStore store;
  private final BiFunction<RealmName, ClientId, Optional<Client>> clients;
  private final UserStore users;
  private final AuthServices services;
  private final LoginGuard guard;
  private final PasswordGrant sessions;
  private final SessionStore sessionStore;
  private final SessionRevoker revoker;
  private final AuditLog audit;
  private final InstantSource clock;
  private final Hmac csrf;
  private final Function<RealmName, String> issuer;
  private final BrowserSessionPolicy policy;

  public BrowserSignIn(BrowserStore store, BiFunction<RealmName, ClientId, Optional<Client>> clients, UserStore users,
      AuthServices services, LoginGuard guard, PasswordGrant sessions, SessionStore sessionStore,
      SessionRevoker revoker, AuditLog audit, InstantSource clock, byte[] csrfKey, Function<RealmName, String> issuer,
      BrowserSessionPolicy policy) {
    this.store = store;
    this.clients = clients;
    this.users = users;
    this.services = services;
    this.guard = guard;
    this.sessions = sessions;
    this.sessionStore = sessionStore;
    this.revoker = revoker;
    this.audit = audit;
    this.clock = clock;
    this.csrf = Hmac.sha256(csrfKey);
    this.issuer = issuer;
    this.policy = policy;
  }

  public BrowserSessionPolicy policy() {
    return policy;
  }

  /** The outcome of checking an authorization request. */
  public sealed interface Authorization {
    /** Valid: sign the user in (or use the live browser session) and then {@link #issueCode}. */
    record Valid(AuthorizationRequest request) implements Authorization {}

    /** An error the client may be told: send the browser to {@code location} (RFC 6749 section 4.1.2.1). */
    record RedirectError(String location, OAuthError error) implements Authorization {}

    /**
     * The client or the redirect URI is unknown or wrong: show {@code error} on a page, never
     * redirect (RFC 6749 section 4.1.2.1, RFC 9700 section 4.11: no open redirector).
     */
    record Refused(OAuthError error) implements Authorization {}
  }

  /** Checks an authorization request against every rule of SPEC 9, in the order RFC 6749 section 4.1.2.1 says. */
  public Authorization authorize(Realm realm, AuthorizeCommand cmd) {
    if (cmd.clientId().isEmpty() || cmd.clientId().get().isEmpty()) {
      return refused("missing parameter 'client_id'");
    }
    Optional<Client> found = ClientId.isValid(cmd.clientId().get())
        ? clients.apply(realm.name(), ClientId.of(cmd.clientId().get())) : Optional.empty();
    if (found.isEmpty()) {
      return refused("there is no client '" + clip(cmd.clientId().get()) + "' in this realm");
    }
    Client client = found.get();
    if (cmd.redirectUri().isEmpty()) {
      return refused("missing parameter 'redirect_uri'");
    }
    String redirect = cmd.redirectUri().get();
    // RFC 9700 section 2.1: "exact string matching" of the redirect URI
    if (!client.redirectUris().contains(redirect)) {
      return refused("redirect_uri is not registered for client '" + client.id() + "'");
    }
    Optional<String> state = cmd.state();
    if (state.isPresent() && state.get().length() > MAX_STATE) {
      return new Authorization.RedirectError(errorLocation(realm, redirect, Optional.empty(),
          OAuthError.invalidRequest("state is longer than " + MAX_STATE + " characters")),
          OAuthError.invalidRequest("state is too long"));
    }
    if (!client.allows(GrantType.AUTHORIZATION_CODE)) {
      return redirectError(realm, redirect, state, OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT,
          OAuthError.Reason.GRANT_NOT_ALLOWED, "client '" + client.id() + "' may not use the authorization code flow"));
    }
    if (cmd.responseType().isEmpty()) {
      return redirectError(realm, redirect, state, OAuthError.invalidRequest("missing parameter 'response_type'"));
    }
    if (!cmd.responseType().get().equals("code")) {
      return redirectError(realm, redirect, state, OAuthError.of(ErrorCode.UNSUPPORTED_RESPONSE_TYPE,
          OAuthError.Reason.UNSUPPORTED, "response_type '" + clip(cmd.responseType().get())
          + "' is not supported; use 'code'"));
    }
    // RFC 7636 section 4.4.1 and SPEC 9: PKCE is required for every client, S256 only
    if (cmd.codeChallenge().isEmpty()) {
      return redirectError(realm, redirect, state, OAuthError.invalidRequest("code challenge required: "
          + "send code_challenge and code_challenge_method=S256 (PKCE, RFC 7636)"));
    }
    String method = cmd.codeChallengeMethod().orElse("plain");
    if (!method.equals("S256")) {
      return redirectError(realm, redirect, state, OAuthError.invalidRequest("code_challenge_method '"
          + clip(method) + "' is not supported; use S256"));
    }
    if (!CHALLENGE.matcher(cmd.codeChallenge().get()).matches()) {
      return redirectError(realm, redirect, state, OAuthError.invalidRequest(
          "code_challenge must be 43 base64url characters (BASE64URL(SHA256(code_verifier)))"));
    }
    Scopes.Resolution scope = Scopes.resolve(cmd.scope(), client.scopes(), "client '" + client.id() + "'");
    if (!scope.ok()) {
      return redirectError(realm, redirect, state, scope.error());
    }
    Resources.Resolution target = Resources.resolve(cmd.resources(), client.resources(),
        "client '" + client.id() + "'");
    if (!target.ok()) {
      return redirectError(realm, redirect, state, target.error());
    }
    return new Authorization.Valid(new AuthorizationRequest(client, redirect, cmd.codeChallenge().get(), state,
        scope.granted(), target.granted()));
  }

  /**
   * The live browser session of the cookie value, its idle expiry moved forward; empty for no
   * cookie, a value this server never issued, or a session that ended, expired, or one of whose
   * Jeton sessions was revoked (then it is ended too).
   */
  public Optional<BrowserSession> liveSession(Realm realm, Optional<String> cookie) {
    if (cookie.isEmpty() || cookie.get().length() != 43) {
      return Optional.empty();
    }
    TokenHash hash = Tokens.sha256(cookie.get());
    Optional<BrowserSession> found = store.findSession(realm.name(), hash);
    Instant now = clock.instant();
    if (found.isEmpty() || !found.get().isLive(now)) {
      return Optional.empty();
    }
    for (SessionId sid : store.linked(realm.name(), hash)) {
      Optional<Session> s = sessionStore.find(realm.name(), sid);
      if (s.isPresent() && s.get().revokedAt().isPresent()) {
        store.endSession(realm.name(), hash, now);
        return Optional.empty();
      }
    }
    Instant idle = now.plus(policy.idle());
    Instant until = idle.isBefore(found.get().expiresAt()) ? idle : found.get().expiresAt();
    store.touchSession(realm.name(), hash, until);
    BrowserSession b = found.get();
    return Optional.of(new BrowserSession(b.realm(), b.hash(), b.userId(), b.authService(), b.createdAt(),
        b.expiresAt(), until, b.endedAt()));
  }

  /** The outcome of a login form submission. */
  public sealed interface SignIn {
    /** Signed in: set {@code cookie} (the new browser session) and send the browser to {@code location}. */
    record SignedIn(String cookie, BrowserSession session, String location) implements SignIn {}

    /**
     * Refused, with a message for the page that never says whether the user exists or is locked
     * (SPEC 7 and 9), and whether the server was only busy.
     */
    record Failed(String message, boolean busy) implements SignIn {}
  }

  /** The message of every refused login: the same for an unknown user, a wrong password, a lock and a disabled user. */
  public static final String LOGIN_REFUSED = "The username or password is incorrect.";

  /**
   * Checks the user's password through the realm's first authentication service under the same
   * lockout as every API ({@link LoginGuard}), then starts a browser session and issues the code.
   */
  public SignIn signIn(Realm realm, AuthorizationRequest req, String username, String password, RequestContext ctx) {
    AuthService service = services.of(realm).get(0);
    Client client = req.client();
    AuthService.Result result = guard.authenticate(service, realm, Map.of("username", username, "password",
        password), client.id(), ctx);
    return switch (result) {
      case AuthService.Result.Authenticated(User user) -> {
        Instant now = clock.instant();
        String cookie = Tokens.opaque();
        Instant idle = now.plus(policy.idle());
        Instant max = now.plus(policy.max());
        BrowserSession session = new BrowserSession(realm.name(), Tokens.sha256(cookie), user.id(), service.id(),
            now, max, idle.isBefore(max) ? idle : max, Optional.empty());
        store.createSession(session);
        yield new SignIn.SignedIn(cookie, session, issueCode(realm, req, session));
      }
      case AuthService.Result.Failed(OAuthError error) -> {
        audit.record(new AuditEvent(realm.name().value(), clock.instant(), AuditType.LOGIN_FAILED,
            client.id().value(), "", "", ctx.correlationId(),
            "login page " + service.id() + ": " + error.reason().name().toLowerCase(java.util.Locale.ROOT),
            username, ctx.remoteAddress()));
        boolean busy = error.code() == ErrorCode.TEMPORARILY_UNAVAILABLE;
        yield new SignIn.Failed(busy ? "Sign-in is busy right now. Please try again in a moment." : LOGIN_REFUSED,
            busy);
      }
    };
  }

  /**
   * Issues a code for the request to the browser session's user and returns where to send the
   * browser: the redirect URI with {@code code}, {@code state} and {@code iss} (RFC 9207).
   */
  public String issueCode(Realm realm, AuthorizationRequest req, BrowserSession session) {
    String code = Tokens.opaque();
    store.insertCode(new AuthorizationCode(realm.name(), Tokens.sha256(code), req.client().id(), req.redirectUri(),
        req.codeChallenge(), req.scope(), req.resources(), session.userId(), session.authService(), session.hash(),
        clock.instant().plus(CODE_TTL)));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("code", code);
    req.state().ifPresent(s -> params.put("state", s));
    params.put("iss", issuer.apply(realm.name()));
    return location(req.redirectUri(), params);
  }

  /**
   * {@code grant_type=authorization_code} (RFC 6749 section 4.1.3, RFC 7636 section 4.6): the code
   * once, for the client it was issued to, with the same redirect URI and the verifier of its
   * challenge. A replay revokes the session the first use issued.
   */
  public TokenOutcome redeem(Realm realm, Caller caller, String code, Optional<String> redirectUri,
      Optional<String> verifier, RequestContext ctx, Confirmation cnf) {
    Client client = caller.client();
    if (!client.allows(GrantType.AUTHORIZATION_CODE)) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.UNAUTHORIZED_CLIENT, OAuthError.Reason.GRANT_NOT_ALLOWED,
          "client '" + client.id() + "' may not use grant_type 'authorization_code'"));
    }
    if (code.length() != 43) {
      return TokenOutcome.denied(invalidCode());
    }
    Instant now = clock.instant();
    TokenHash hash = Tokens.sha256(code);
    return switch (store.use(realm.name(), hash, now)) {
      case BrowserStore.CodeUse.Unknown u -> TokenOutcome.denied(invalidCode());
      case BrowserStore.CodeUse.Replayed(var issued) -> {
        issued.ifPresent(sid -> revokeReplayed(realm, sid, client, ctx));
        yield TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.REUSED_TOKEN,
            "the authorization code was already used; the tokens it issued are revoked"));
      }
      case BrowserStore.CodeUse.First(var c) -> redeemFirst(realm, caller, c, redirectUri, verifier, ctx, cnf, now);
    };
  }

  private TokenOutcome redeemFirst(Realm realm, Caller caller, AuthorizationCode c, Optional<String> redirectUri,
      Optional<String> verifier, RequestContext ctx, Confirmation cnf, Instant now) {
    Client client = caller.client();
    if (!c.clientId().equals(client.id())) {
      return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.WRONG_CLIENT,
          "the authorization code was issued to another client"));
    }
    if (!now.isBefore(c.expiresAt())) {
      return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.EXPIRED_TOKEN,
          "the authorization code has expired"));
    }
    // RFC 6749 section 4.1.3: "ensure that the redirect_uri parameter is present ... and that their values are identical"
    if (redirectUri.isEmpty() || !redirectUri.get().equals(c.redirectUri())) {
      return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.MALFORMED,
          "redirect_uri does not match the authorization request"));
    }
    if (verifier.isEmpty()) {
      return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.MALFORMED,
          "missing parameter 'code_verifier' (PKCE, RFC 7636)"));
    }
    // RFC 7636 section 4.6: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge
    if (!VERIFIER.matcher(verifier.get()).matches() || !Tokens.equal(s256(verifier.get()), c.codeChallenge())) {
      return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.MALFORMED,
          "code_verifier does not match the code_challenge"));
    }
    Optional<BrowserSession> browser = store.findSession(realm.name(), c.browserSession());
    if (browser.isEmpty() || browser.get().endedAt().isPresent()) {
      return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.REVOKED_TOKEN,
          "the browser session that signed in has ended"));
    }
    Optional<User> user = users.findById(realm.name(), c.userId()).filter(User::enabled);
    if (user.isEmpty()) {
      return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.USER_DISABLED,
          "the user may not sign in"));
    }
    TokenOutcome out = sessions.startSession(realm, client, user.get(), c.authService(),
        new Scopes.Resolution(c.scope(), null), c.resources(), ctx, cnf, caller);
    if (out instanceof TokenOutcome.Issued(var tokens) && tokens.session().isPresent()) {
      SessionId sid = tokens.session().get().id();
      store.link(realm.name(), c.browserSession(), sid);
      if (store.attach(realm.name(), c.hash(), sid)) {
        // replayed while this first use was being answered: what it issued is revoked all the same
        revokeReplayed(realm, sid, client, ctx);
        return TokenOutcome.denied(OAuthError.invalidGrant(OAuthError.Reason.REUSED_TOKEN,
            "the authorization code was already used; the tokens it issued are revoked"));
      }
    }
    return out;
  }

  private void revokeReplayed(Realm realm, SessionId sid, Client client, RequestContext ctx) {
    Instant now = clock.instant();
    if (revoker.revoke(realm, sid, now)) {
      audit.record(new AuditEvent(realm.name().value(), now, AuditType.REVOKE, client.id().value(), "", sid.value(),
          ctx.correlationId(), "authorization code replayed: session revoked"));
    }
  }

  /**
   * Amino's cookie exchange (SPEC 3.4 and 9): a live browser session is exchanged for a new Jeton
   * session of the dialect's client; no cookie, or a dead one: {@code invalid_token} (401).
   */
  public TokenOutcome exchange(Realm realm, Caller caller, Optional<String> cookie, RequestContext ctx) {
    Client client = caller.client();
    Optional<BrowserSession> browser = liveSession(realm, cookie);
    if (browser.isEmpty()) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.INVALID_TOKEN, OAuthError.Reason.UNKNOWN_TOKEN,
          cookie.isEmpty() ? "no browser session: sign in first (cookie 'jeton_session')"
              : "the browser session is invalid, expired or ended"));
    }
    Optional<User> user = users.findById(realm.name(), browser.get().userId()).filter(User::enabled);
    if (user.isEmpty()) {
      return TokenOutcome.denied(OAuthError.of(ErrorCode.INVALID_TOKEN, OAuthError.Reason.UNKNOWN_TOKEN,
          "the browser session is invalid, expired or ended"));
    }
    Scopes.Resolution scope = Scopes.resolve(Optional.empty(), client.scopes(), "client '" + client.id() + "'");
    TokenOutcome out = sessions.startSession(realm, client, user.get(), browser.get().authService(), scope,
        List.of(), ctx, Confirmation.NONE, caller);
    if (out instanceof TokenOutcome.Issued(var tokens) && tokens.session().isPresent()) {
      store.link(realm.name(), browser.get().hash(), tokens.session().get().id());
    }
    return out;
  }

  /** The outcome of a logout. */
  public sealed interface Logout {
    /** Send the browser to the client's registered post-logout redirect URI. */
    record Redirect(String location) implements Logout {}

    /** Show the "signed out" page; {@code notice} says why there was no redirect, when there was a request for one. */
    record SignedOut(Optional<String> notice) implements Logout {}
  }

  /**
   * Ends the browser session of the cookie (if any) and revokes every Jeton session issued from
   * it; then a redirect to {@code postLogoutRedirectUri} only when it is one of the {@code
   * postLogoutRedirectUris} of client {@code clientId}.
   */
  public Logout logout(Realm realm, Optional<String> cookie, Optional<String> clientId,
      Optional<String> postLogoutRedirectUri, Optional<String> state, RequestContext ctx) {
    Instant now = clock.instant();
    if (cookie.isPresent() && cookie.get().length() == 43) {
      TokenHash hash = Tokens.sha256(cookie.get());
      Optional<BrowserSession> found = store.findSession(realm.name(), hash);
      if (found.isPresent()) {
        store.endSession(realm.name(), hash, now);
        for (SessionId sid : store.linked(realm.name(), hash)) {
          if (revoker.revoke(realm, sid, now)) {
            audit.record(new AuditEvent(realm.name().value(), now, AuditType.REVOKE, "",
                found.get().userId().value(), sid.value(), ctx.correlationId(), "logout"));
          }
        }
      }
    }
    if (postLogoutRedirectUri.isEmpty()) {
      return new Logout.SignedOut(Optional.empty());
    }
    Optional<Client> client = clientId.filter(ClientId::isValid)
        .flatMap(id -> clients.apply(realm.name(), ClientId.of(id)));
    if (client.isEmpty()) {
      return new Logout.SignedOut(Optional.of("post_logout_redirect_uri needs the client_id of a client of this"
          + " realm; you were not redirected."));
    }
    if (!client.get().postLogoutRedirectUris().contains(postLogoutRedirectUri.get())) {
      return new Logout.SignedOut(Optional.of("post_logout_redirect_uri is not registered for client '"
          + client.get().id() + "'; you were not redirected."));
    }
    Map<String, String> params = new LinkedHashMap<>();
    state.ifPresent(s -> params.put("state", s));
    return new Logout.Redirect(location(postLogoutRedirectUri.get(), params));
  }

  /** A fresh value for the pre-login cookie the login form's CSRF token is bound to (256 random bits). */
  public String newCsrfBinding() {
    return Tokens.opaque();
  }

  /** The CSRF token of the login form for the pre-login cookie value {@code binding} (double submit, keyed). */
  public String csrfToken(Realm realm, String binding) {
    return csrf.of("login-form\n" + realm.name().value() + "\n" + binding);
  }

  /** Whether {@code token} is the CSRF token of {@code binding}, compared in constant time. */
  public boolean csrfValid(Realm realm, Optional<String> binding, Optional<String> token) {
    return binding.isPresent() && binding.get().length() == 43 && token.isPresent()
        && Tokens.equal(csrfToken(realm, binding.get()), token.get());
  }

  private Authorization redirectError(Realm realm, String redirect, Optional<String> state, OAuthError error) {
    return new Authorization.RedirectError(errorLocation(realm, redirect, state, error), error);
  }

  private String errorLocation(Realm realm, String redirect, Optional<String> state, OAuthError error) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("error", error.code().wire());
    params.put("error_description", error.description());
    state.ifPresent(s -> params.put("state", s));
    params.put("iss", issuer.apply(realm.name()));
    return location(redirect, params);
  }

  private static Authorization refused(String description) {
    return new Authorization.Refused(OAuthError.invalidRequest(description));
  }

  private static OAuthError invalidCode() {
    return OAuthError.invalidGrant(OAuthError.Reason.UNKNOWN_TOKEN, "the authorization code is invalid or expired");
  }

  /** The URI with the parameters appended to its query (RFC 6749 section 4.1.2: "retaining" the existing query). */
  static String location(String uri, Map<String, String> params) {
    if (params.isEmpty()) {
      return uri;
    }
    StringBuilder b = new StringBuilder(uri);
    b.append(uri.indexOf('?') >= 0 ? '&' : '?');
    boolean first = true;
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (!first) {
        b.append('&');
      }
      first = false;
      b.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  static String s256(String verifier) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
