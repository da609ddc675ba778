package io.jeton.dialect.onesait;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.Engine;
import io.jeton.core.RequestContext;
import io.jeton.core.UserId;
import io.jeton.core.Caller;
import io.jeton.core.introspect.Introspection;
import io.jeton.core.revoke.RevocationScope;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.error.ErrorCode;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationOutcome;
import io.jeton.core.token.AccessClaims;
import io.jeton.core.user.User;
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
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The onesait Platform OAuth 2 server, seed 002 (SPEC 3.2): the token endpoint (RFC 6749 password
 * and refresh grants), {@code check_token} and {@code revoke_token}, each authenticated with HTTP
 * Basic client credentials. Parses, calls the {@link Engine}, renders; the realm is the mount's
 * (or its tenant header's).
 */
public final class OnesaitDialect implements Dialect {

  private final Engine engine;
  private final DialectMount mount;

  public OnesaitDialect(Engine engine, DialectMount mount) {
    this.engine = engine;
    this.mount = mount;
  }

  @Override
  public String name() {
    return "onesait";
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("/oauth/token", this::token),
        new Route("/oauth/check_token", this::checkToken),
        new Route("/openplatform-oauth/revoke_token", this::revokeToken));
  }
  @Override
  public WireResponse refuse(OAuthError error) {
    return OnesaitResponses.error(error, mount.realm().map(Object::toString).orElse("jeton"));
  }


  /** {@code POST /oauth/token}: the password grant (a new session) or the one-use refresh grant. */
  public WireResponse token(WireRequest in) {
    return authenticated(in, Set.of("POST"), (realm, caller) ->
        switch (OnesaitRequests.grant(in, caller.client().id())) {
          case Parsed.Bad<OnesaitRequests.Grant>(var error) -> OnesaitResponses.error(error, basicRealm(realm));
          case Parsed.Ok<OnesaitRequests.Grant>(var grant) -> switch (engine.token(command(realm, caller, grant), in.context())) {
            case TokenOutcome.Issued(var tokens) -> OnesaitResponses.tokens(tokens);
            case TokenOutcome.Denied(var error) -> OnesaitResponses.error(error, basicRealm(realm));
          };
        });
  }

  /**
   * {@code GET|POST /oauth/check_token?token=}: any authenticated confidential client of the realm
   * may check any access token of it (a public client may not, SPEC 7); an invalid, expired or revoked one is 400 {@code invalid_token}.
   */
  public WireResponse checkToken(WireRequest in) {
    return authenticated(in, Set.of("GET", "POST"), (realm, caller) ->
        switch (OnesaitRequests.token(in, in.method().equals("POST"))) {
          case Parsed.Bad<String>(var error) -> OnesaitResponses.error(error, basicRealm(realm));
          case Parsed.Ok<String>(var token) -> switch (engine.validate(realm, caller, token)) {
            case Introspection.Active(var claims, var type, var username) ->
                OnesaitResponses.active(claims, user(realm, claims));
            case Introspection.Inactive i -> OnesaitResponses.error(invalidToken(), basicRealm(realm));
            case Introspection.Refused(var error) -> OnesaitResponses.error(error, basicRealm(realm));
          };
        });
  }

  /**
   * {@code POST /openplatform-oauth/revoke_token?token=}: revokes the token (RFC 7009, so only the
   * client it was issued to may) and, for an access token, its whole session (SPEC 3.2), in one
   * core operation.
   */
  public WireResponse revokeToken(WireRequest in) {
    return authenticated(in, Set.of("POST"), (realm, caller) -> switch (OnesaitRequests.token(in, true)) {
      case Parsed.Bad<String>(var error) -> OnesaitResponses.error(error, basicRealm(realm));
      case Parsed.Ok<String>(var token) ->
          switch (engine.revoke(realm, caller, token, RevocationScope.SESSION_OF_TOKEN, in.context())) {
            case RevocationOutcome.Refused(var error) -> OnesaitResponses.error(error, basicRealm(realm));
            case RevocationOutcome.Done(var revoked) -> OnesaitResponses.revoked(revoked);
          };
    });
  }

  /** The core command of a parsed grant: the wire request translated, nothing decided. */
  private static TokenCommand command(Realm realm, Caller caller, OnesaitRequests.Grant grant) {
    return switch (grant) {
      case OnesaitRequests.Password g -> new TokenCommand.Password(realm, caller,
          TokenCommand.UserCredentials.of(g.username(), g.password()), g.scope());
      case OnesaitRequests.Refresh g -> new TokenCommand.Refresh(realm, caller, g.refreshToken(), g.scope(),
          TokenCommand.Expectations.NONE);
    };
  }

  /** The token's user, for a token of a user session (a client's own token has none). */
  private Optional<User> user(Realm realm, AccessClaims claims) {
    return claims.sessionId().flatMap(sid -> engine.user(realm, new UserId(claims.subject())));
  }

  private static OAuthError invalidToken() {
    // Spring's check_token answers 400, not RFC 6750's 401, for a token it does not accept.
    return OAuthError.of(ErrorCode.INVALID_TOKEN, OAuthError.Reason.UNKNOWN_TOKEN,
        "the token is not valid: unknown, expired or revoked").withStatus(400);
  }

  /** The method check, the realm, then the client's Basic credentials, before anything else. */
  private WireResponse authenticated(WireRequest in, Set<String> methods,
      BiFunction<Realm, Caller, WireResponse> then) {
    if (!methods.contains(in.method())) {
      return OnesaitResponses.methodNotAllowed(in.method(), String.join(", ", methods.stream().sorted().toList()));
    }
    DialectMount.RealmChoice choice = mount.chooseRealm(in, engine);
    if (choice.realm().isEmpty()) {
      return OnesaitResponses.error(noRealm(choice), "onesait");
    }
    Realm realm = choice.realm().get();
    return switch (BasicCredentials.parse(in.headers())) {
      case Parsed.Bad<ClientCredentials>(var error) -> OnesaitResponses.error(error, basicRealm(realm));
      case Parsed.Ok<ClientCredentials>(var credentials) ->
          switch (engine.authenticateClient(realm, credentials, in.context())) {
            case ClientAuthentication.Authenticated(var caller) -> then.apply(realm, caller);
            case ClientAuthentication.Rejected(var error) -> OnesaitResponses.error(error, basicRealm(realm));
          };
    };
  }

  /** No realm named: 400 {@code invalid_request}; an unknown realm: 401 {@code invalid_client}. */
  private OAuthError noRealm(DialectMount.RealmChoice choice) {
    return switch (choice.problem()) {
      case NONE_NAMED -> OAuthError.invalidRequest(mount.tenantHeader()
          .map(h -> "header '" + h + "' is required to name the realm")
          .orElse("the onesait mount is bound to no realm"));
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
