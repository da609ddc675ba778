package io.jeton.dialect.ags;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.error.OAuthError;
import io.jeton.core.Engine;
import io.jeton.core.Caller;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.dialect.ags.AgsError.Code;
import io.jeton.dialect.ags.AgsRequests.Header;
import io.jeton.dialect.ags.AgsRequests.HeaderProblem;
import io.jeton.dialect.wire.Dialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.JsonBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.Route;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Authentication Gateway Service API (seed 003, SPEC section 3.3): {@code GET
 * /servicediscovery}, {@code POST /signon} and {@code POST /refresh}. The realm is the one the
 * tenant header ({@code nv-tenant-id}) names, else the mount's; AGS authenticates no client, so
 * its sessions belong to the client the engine says the realm hands to AGS (the mount's client in
 * the mount's realm, else the realm's own {@code dialects.ags.client}; a realm that names none is
 * an unknown tenant). Parses, calls the {@link Engine}, renders; the engine checks the client's
 * grants and re-checks the authentication service and the username.
 */
public final class AgsDialect implements Dialect {
  private final Engine engine;
  private final DialectMount mount;

  public AgsDialect(Engine engine, DialectMount mount) {
    this.engine = engine;
    this.mount = mount;
  }

  @Override
  public String name() {
    return "ags";
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("/servicediscovery", this::serviceDiscovery),
        new Route("/signon", this::signon),
        new Route("/refresh", this::refresh));
  }
  /**
   * An edge refusal (a body over the size limit or unreadable, a malformed query or request head)
   * is the request itself being malformed: {@code malformed_body}, not the engine's mapping of
   * {@code invalid_request} to {@code invalid_parameters}, which means a missing service parameter.
   */
  @Override
  public WireResponse refuse(OAuthError error) {
    return AgsError.of(Code.MALFORMED_BODY, error.description()).render();
  }


  /** {@code GET /servicediscovery}: the realm's authentication services and their parameters. */
  public WireResponse serviceDiscovery(WireRequest in) {
    if (!in.method().equals("GET") && !in.method().equals("HEAD")) {
      return methodNotAllowed(in, "GET");
    }
    return withRealm(in, realm -> AgsResponses.discovery(engine.authServices(realm)));
  }

  /** {@code POST /signon}: logs in with the parameters of the service {@code x-auth-service-id} names. */
  public WireResponse signon(WireRequest in) {
    return post(in, (realm, caller) -> {
      Header service = AgsRequests.authService(in);
      if (service.value().isEmpty()) {
        return headerError(service);
      }
      return withParameters(in, params -> render(engine.token(
          new TokenCommand.Login(realm, caller, service.value(), params), in.context())));
    });
  }

  /**
   * {@code POST /refresh}: rotates the refresh token in {@code Authorization}; the engine checks
   * that the session was created with service {@code x-auth-service-id} and, when the parameters
   * carry a {@code username}, that it is the session's user.
   */
  public WireResponse refresh(WireRequest in) {
    return post(in, (realm, caller) -> {
      Header token = AgsRequests.refreshToken(in);
      if (token.value().isEmpty()) {
        return headerError(token);
      }
      Header service = AgsRequests.authService(in);
      if (service.value().isEmpty()) {
        return headerError(service);
      }
      return withParameters(in, params -> render(engine.token(new TokenCommand.Refresh(realm, caller,
          token.value().get(), Optional.empty(),
          new TokenCommand.Expectations(service.value(), Optional.ofNullable(params.get("username")))),
          in.context())));
    });
  }

  private static WireResponse render(TokenOutcome outcome) {
    return switch (outcome) {
      case TokenOutcome.Issued(var tokens) -> AgsResponses.tokens(tokens);
      case TokenOutcome.Denied(var error) -> AgsError.of(error).render();
    };
  }

  private static WireResponse withParameters(WireRequest in, Function<Map<String, String>, WireResponse> then) {
    Optional<String> contentTypeProblem = JsonBody.checkContentType(in.header("Content-Type"))
        .map(e -> e.description());
    if (contentTypeProblem.isPresent()) {
      return AgsError.of(Code.UNSUPPORTED_CONTENT_TYPE, contentTypeProblem.get()).render();
    }
    return switch (AgsRequests.parameters(in.body())) {
      case Parsed.Bad<Map<String, String>>(var error) -> AgsError.of(Code.MALFORMED_BODY, error.description()).render();
      case Parsed.Ok<Map<String, String>>(var params) -> then.apply(params);
    };
  }

  private static WireResponse headerError(Header h) {
    return AgsError.of(h.problem() == HeaderProblem.MISSING ? Code.MISSING_HEADER : Code.INVALID_HEADER,
        h.message()).render();
  }

  private WireResponse post(WireRequest in, BiFunction<Realm, Caller, WireResponse> then) {
    if (!in.method().equals("POST")) {
      return methodNotAllowed(in, "POST");
    }
    return switch (mount.realmAndCallerFor(in, engine, "AGS")) {
      case DialectMount.Target.Found<DialectMount.RealmCaller>(var t) -> then.apply(t.realm(), t.caller());
      case DialectMount.Target.Refused<DialectMount.RealmCaller>(var problem, var message) -> refusal(problem, message);
    };
  }

  private WireResponse withRealm(WireRequest in, Function<Realm, WireResponse> then) {
    return switch (mount.realmFor(in, engine, "AGS")) {
      case DialectMount.Target.Found<Realm>(var realm) -> then.apply(realm);
      case DialectMount.Target.Refused<Realm>(var problem, var message) -> refusal(problem, message);
    };
  }

  private static WireResponse refusal(DialectMount.Problem problem, String message) {
    return AgsError.of(switch (problem) {
      case TENANT_HEADER_MISSING -> Code.MISSING_HEADER;
      case TENANT_HEADER_DUPLICATE -> Code.INVALID_HEADER;
      case NO_REALM_BOUND, UNKNOWN_TENANT -> Code.UNKNOWN_TENANT;
      case NO_CLIENT_CONFIGURED -> Code.CLIENT_NOT_CONFIGURED;
    }, message).render();
  }

  private static WireResponse methodNotAllowed(WireRequest in, String allow) {
    return AgsError.of(Code.METHOD_NOT_ALLOWED, "method " + FormBody.clip(in.method()) + " is not allowed here; use "
        + allow).render().withHeader("Allow", allow);
  }
}
