package io.jeton.dialect.amino;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.error.OAuthError;
import io.jeton.core.Engine;
import io.jeton.core.Caller;
import io.jeton.core.revoke.RevocationOutcome;
import io.jeton.core.revoke.RevocationScope;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.token.AccessClaims;
import io.jeton.dialect.amino.AminoError.Code;
import io.jeton.dialect.amino.AminoRequests.Body;
import io.jeton.dialect.wire.BearerToken;
import io.jeton.dialect.wire.Dialect;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.Route;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Amino API (seed 004, SPEC section 3.4): {@code POST /login}, {@code POST /token}
 * ({@code grant_type=refresh_token} only) and {@code DELETE /session}, answering JSON:API
 * documents. Amino authenticates no client: its sessions belong to the client the engine says the
 * realm hands to Amino (the mount's client in the mount's realm, else the realm's own {@code
 * dialects.amino.client}; a realm that names none is unknown). Parses, calls the {@link Engine},
 * renders.
 */
public final class AminoDialect implements Dialect {
  private static final String GRANT = "refresh_token";

  private final Engine engine;
  private final DialectMount mount;

  public AminoDialect(Engine engine, DialectMount mount) {
    this.engine = engine;
    this.mount = mount;
  }

  @Override
  public String name() {
    return "amino";
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("/login", this::login),
        new Route("/token", this::token),
        new Route("/token/exchange", this::exchange),
        new Route("/session", this::session));
  }
  @Override
  public WireResponse refuse(OAuthError error) {
    return AminoError.of(error).render();
  }


  /** {@code POST /login}: {@code username} and {@code password}, JSON or form. */
  public WireResponse login(WireRequest in) {
    return post(in, (realm, caller) -> withFields(in, List.of("username", "password"), fields -> {
      Optional<String> username = fields.get("username");
      Optional<String> password = fields.get("password");
      if (username.isEmpty() || password.isEmpty()) {
        return missing(username.isEmpty() ? "username" : "password");
      }
      return render(engine.token(new TokenCommand.Login(realm, caller, Optional.empty(),
          Map.of("username", username.get(), "password", password.get())), in.context()));
    }));
  }

  /** {@code POST /token}: {@code grant_type=refresh_token} and {@code refresh_token}, JSON or form. */
  public WireResponse token(WireRequest in) {
    return post(in, (realm, caller) -> withFields(in, List.of("grant_type", GRANT), fields -> {
      Optional<String> grant = fields.get("grant_type");
      if (grant.isEmpty()) {
        return missing("grant_type");
      }
      if (!grant.get().equals(GRANT)) {
        return AminoError.of(Code.UNSUPPORTED_GRANT_TYPE, "grant_type '" + FormBody.clip(grant.get())
            + "' is not supported; use refresh_token").render();
      }
      return fields.get(GRANT)
          .map(token -> render(engine.token(TokenCommand.Refresh.of(realm, caller, token), in.context())))
          .orElseGet(() -> missing(GRANT));
    }));
  }

  /**
   * {@code POST /token/exchange}: the cookie to token exchange (seed 004, SPEC 3.4 and 9): the
   * {@code jeton_session} cookie of the realm's login page for the AuthenticationTokens document;
   * no cookie or a dead one: 401 {@code invalid_token}.
   */
  public WireResponse exchange(WireRequest in) {
    return post(in, (realm, caller) -> switch (engine.browser().exchange(realm, caller,
        io.jeton.dialect.wire.Cookies.get(in.headers(), io.jeton.dialect.wire.Cookies.SESSION), in.context())) {
      case TokenOutcome.Issued(var tokens) -> AminoResponses.tokens(tokens);
      case TokenOutcome.Denied(var error) when error.code() == io.jeton.core.error.ErrorCode.INVALID_TOKEN ->
          AminoError.of(Code.INVALID_TOKEN, error.description()).render();
      case TokenOutcome.Denied(var error) -> AminoError.of(error).render();
    });
  }

  /**
   * {@code DELETE /session}: revokes the session of the access token in {@code Authorization:
   * Bearer}, and with it every token of that session; 204 when done.
   */
  public WireResponse session(WireRequest in) {
    if (!in.method().equals("DELETE")) {
      return methodNotAllowed(in, "DELETE");
    }
    return withCaller(in, (realm, caller) -> {
      Optional<String> header = in.header("Authorization").map(String::strip).filter(h -> !h.isEmpty());
      if (header.isEmpty()) {
        return bearerChallenge(AminoError.of(Code.INVALID_TOKEN,
            "header 'Authorization: Bearer <access token>' is required"), realm, false);
      }
      Optional<String> token = in.headers().count("Authorization") == 1 ? BearerToken.parse(header.get())
          : Optional.empty();
      if (token.isEmpty()) {
        return AminoError.of(Code.INVALID_REQUEST,
            "header 'Authorization' must be 'Bearer ' and an access token").render();
      }
      return switch (engine.revoke(realm, caller, token.get(), RevocationScope.SESSION_OF_TOKEN, in.context())) {
        case RevocationOutcome.Done(var revoked) when revoked ->
            new WireResponse(204, Map.of("Cache-Control", "no-store"), null);
        case RevocationOutcome.Done d -> bearerChallenge(AminoError.of(Code.INVALID_TOKEN,
            "the access token is invalid, expired or revoked"), realm, true);
        case RevocationOutcome.Refused(var error) -> AminoError.of(error).render();
      };
    });
  }

  private static WireResponse render(TokenOutcome outcome) {
    return switch (outcome) {
      case TokenOutcome.Issued(var tokens) -> AminoResponses.tokens(tokens);
      case TokenOutcome.Denied(var error) -> AminoError.of(error).render();
    };
  }

  private static WireResponse withFields(WireRequest in, List<String> names,
      Function<Body.Fields, WireResponse> then) {
    return switch (AminoRequests.read(in, names)) {
      case Body.Fields fields -> then.apply(fields);
      case Body.WrongMediaType(var detail) -> AminoError.of(Code.UNSUPPORTED_MEDIA_TYPE, detail).render();
      case Body.Malformed(var detail) -> AminoError.of(Code.INVALID_REQUEST, detail).render();
    };
  }

  private static WireResponse missing(String name) {
    return AminoError.of(Code.INVALID_REQUEST, "missing parameter '" + name + "'").render();
  }

  /** RFC 6750 section 3: a 401 carries {@code WWW-Authenticate: Bearer}, with the error code once a token was sent. */
  private static WireResponse bearerChallenge(AminoError error, Realm realm, boolean tokenSent) {
    return error.render().withHeader("WWW-Authenticate", "Bearer realm=\"" + realm.name().value() + "\""
        + (tokenSent ? ", error=\"invalid_token\"" : ""));
  }

  private WireResponse post(WireRequest in, BiFunction<Realm, Caller, WireResponse> then) {
    if (!in.method().equals("POST")) {
      return methodNotAllowed(in, "POST");
    }
    return withCaller(in, then);
  }

  private WireResponse withCaller(WireRequest in, BiFunction<Realm, Caller, WireResponse> then) {
    return switch (mount.realmAndCallerFor(in, engine, "Amino")) {
      case DialectMount.Target.Found<DialectMount.RealmCaller>(var t) -> then.apply(t.realm(), t.caller());
      case DialectMount.Target.Refused<DialectMount.RealmCaller>(var problem, var message) -> refusal(problem, message);
    };
  }

  private static WireResponse refusal(DialectMount.Problem problem, String message) {
    return AminoError.of(switch (problem) {
      case TENANT_HEADER_MISSING -> Code.MISSING_TENANT;
      case TENANT_HEADER_DUPLICATE -> Code.INVALID_REQUEST;
      case NO_REALM_BOUND, UNKNOWN_TENANT -> Code.UNKNOWN_TENANT;
      case NO_CLIENT_CONFIGURED -> Code.CLIENT_NOT_CONFIGURED;
    }, message).render();
  }

  private static WireResponse methodNotAllowed(WireRequest in, String allow) {
    return AminoError.of(Code.METHOD_NOT_ALLOWED, "method " + FormBody.clip(in.method())
        + " is not allowed here; use " + allow).render().withHeader("Allow", allow);
  }
}
