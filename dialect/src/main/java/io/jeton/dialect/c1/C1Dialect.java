package io.jeton.dialect.c1;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.Engine;
import io.jeton.core.UserId;
import io.jeton.core.Caller;
import io.jeton.core.introspect.Introspection;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.token.AccessClaims;
import io.jeton.dialect.wire.BasicCredentials;
import io.jeton.dialect.wire.Dialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.Route;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The Comodo ONE (C1) third-party auth API, seeds 000 and 001 (SPEC 3.1): {@code POST
 * /auth/login}, {@code POST /auth/renew} and {@code GET /auth/validate}, each authenticated with
 * HTTP Basic client credentials (RFC 7617). Parses, calls the {@link Engine}, renders; the realm
 * is the mount's (or its tenant header's).
 */
public final class C1Dialect implements Dialect {

  private final Engine engine;
  private final DialectMount mount;

  public C1Dialect(Engine engine, DialectMount mount) {
    this.engine = engine;
    this.mount = mount;
  }

  @Override
  public String name() {
    return "c1";
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("/auth/login", this::login),
        new Route("/auth/renew", this::renew),
        new Route("/auth/validate", this::validate));
  }
  @Override
  public WireResponse refuse(OAuthError error) {
    return C1Responses.error(error, mount.realm().map(Object::toString).orElse("jeton"));
  }


  /** {@code POST /auth/login}: the resource owner's username and password, a new session. */
  public WireResponse login(WireRequest in) {
    return authenticated(in, "POST", (realm, caller) -> switch (C1Requests.login(in)) {
      case Parsed.Bad<C1Requests.Login>(var error) -> C1Responses.error(error, basicRealm(realm));
      case Parsed.Ok<C1Requests.Login>(var req) -> render(
          engine.token(new TokenCommand.Password(realm, caller,
              TokenCommand.UserCredentials.of(req.username(), req.password()), Optional.empty()), in.context()),
          realm);
    });
  }

  /** {@code POST /auth/renew} (seed 000): a one-use refresh token for new tokens. */
  public WireResponse renew(WireRequest in) {
    return authenticated(in, "POST", (realm, caller) -> switch (C1Requests.renew(in)) {
      case Parsed.Bad<C1Requests.Renew>(var error) -> C1Responses.error(error, basicRealm(realm));
      case Parsed.Ok<C1Requests.Renew>(var req) -> render(
          engine.token(TokenCommand.Refresh.of(realm, caller, req.refreshToken()), in.context()), realm);
    });
  }

  /**
   * {@code GET /auth/validate?accessToken=} (seed 001): any authenticated confidential client of
   * the realm may validate any of its access tokens (a public client may not, SPEC 7); {@code
   * requestedBy} shows whose it is.
   */
  public WireResponse validate(WireRequest in) {
    return authenticated(in, "GET", (realm, caller) -> switch (C1Requests.accessToken(in)) {
      case Parsed.Bad<String>(var error) -> C1Responses.error(error, basicRealm(realm));
      case Parsed.Ok<String>(var token) -> switch (engine.validate(realm, caller, token)) {
        case Introspection.Active(var claims, var type, var username) ->
            C1Responses.validation(claims, realm.issuerName(), customerId(realm, claims));
        case Introspection.Inactive i -> C1Responses.error(OAuthError.of(ErrorCode.INVALID_TOKEN,
            OAuthError.Reason.UNKNOWN_TOKEN, "the access token is not valid"), basicRealm(realm));
        case Introspection.Refused(var error) -> C1Responses.error(error, basicRealm(realm));
      };
    });
  }

  /**
   * SPEC 3.1: the user's {@code customerId} attribute, else the realm's name (also for a token
   * with no user session, whose subject is a client).
   */
  private String customerId(Realm realm, AccessClaims claims) {
    return claims.sessionId()
        .flatMap(sid -> engine.user(realm, new UserId(claims.subject())))
        .flatMap(user -> user.attribute("customerId"))
        .orElse(realm.name().value());
  }

  private static WireResponse render(TokenOutcome outcome, Realm realm) {
    return switch (outcome) {
      case TokenOutcome.Issued(var tokens) -> C1Responses.tokens(tokens);
      case TokenOutcome.Denied(var error) -> C1Responses.error(error, basicRealm(realm));
    };
  }

  /** The method check, the realm, then the client's Basic credentials, before anything else. */
  private WireResponse authenticated(WireRequest in, String method, BiFunction<Realm, Caller, WireResponse> then) {
    if (!in.method().equals(method)) {
      return C1Responses.methodNotAllowed(method);
    }
    DialectMount.RealmChoice choice = mount.chooseRealm(in, engine);
    if (choice.realm().isEmpty()) {
      return C1Responses.error(noRealm(choice), "c1");
    }
    Realm realm = choice.realm().get();
    return switch (BasicCredentials.parse(in.headers())) {
      case Parsed.Bad<ClientCredentials>(var error) -> C1Responses.error(error, basicRealm(realm));
      case Parsed.Ok<ClientCredentials>(var credentials) ->
          switch (engine.authenticateClient(realm, credentials, in.context())) {
            case ClientAuthentication.Authenticated(var caller) -> then.apply(realm, caller);
            case ClientAuthentication.Rejected(var error) -> C1Responses.error(error, basicRealm(realm));
          };
    };
  }

  /** No realm named: 400 (a missing tenant header); an unknown realm: 401, no client can be in it. */
  private OAuthError noRealm(DialectMount.RealmChoice choice) {
    return switch (choice.problem()) {
      case NONE_NAMED -> OAuthError.invalidRequest(mount.tenantHeader()
          .map(h -> "header '" + h + "' is required to name the realm")
          .orElse("the c1 mount is bound to no realm"));
      case DUPLICATE_HEADER -> OAuthError.invalidRequest("header '" + mount.tenantHeader().orElse("")
          + "' must be sent once");
      case UNKNOWN -> OAuthError.of(ErrorCode.INVALID_CLIENT, OAuthError.Reason.UNKNOWN_REALM,
          "realm '" + FormBody.clip(choice.named()) + "' does not exist");
    };
  }

  private static String basicRealm(Realm realm) {
    return realm.name().value();
  }
}
