package io.jeton.dialect.oauth2;

import io.jeton.core.grant.TokenCommand;
import io.jeton.core.Engine;
import io.jeton.core.RequestContext;
import io.jeton.core.Caller;
import io.jeton.core.client.ClientAuthentication;
import io.jeton.core.client.ClientCredentials;
import io.jeton.core.dpop.DpopProof;
import io.jeton.core.error.OAuthError;
import io.jeton.core.grant.TokenOutcome;
import io.jeton.core.realm.Realm;
import io.jeton.core.revoke.RevocationOutcome;
import io.jeton.core.revoke.RevocationScope;
import io.jeton.dialect.wire.Dialect;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.Route;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The standard OAuth 2 endpoints of one realm (SPEC section 2): token (RFC 6749), introspection
 * (RFC 7662), revocation (RFC 7009), JWKS (RFC 7517) and metadata (RFC 8414). Each parses the wire
 * request, calls the {@link Engine} and renders its outcome; every rule about clients, scopes,
 * users and lifetimes is the engine's. The realm comes from the path parameter {@value #REALM}.
 */
public final class Endpoints implements Dialect {
  /** The path parameter that names the realm. */
  public static final String REALM = "realm";

  /** The request header of a DPoP proof, RFC 9449 section 4.1. */
  static final String DPOP = "DPoP";


  private final Engine engine;

  public Endpoints(Engine engine) {
    this.engine = engine;
  }

  @Override
  public String name() {
    return "oauth2";
  }

  /**
   * One standard route: its path with the {@value #REALM} path parameter, the name its metrics are
   * kept under, and the endpoint. The one list of them: the server registers exactly these.
   */
  public record StandardRoute(String path, String name, BiFunction<Endpoints, WireRequest, WireResponse> endpoint) {}

  /** Every standard route, in order; mounted at the root. */
  public static final List<StandardRoute> ROUTES = List.of(
      new StandardRoute("/realms/{realm}/oauth2/token", "token", Endpoints::token),
      new StandardRoute("/realms/{realm}/oauth2/introspect", "introspect", Endpoints::introspect),
      new StandardRoute("/realms/{realm}/oauth2/revoke", "revoke", Endpoints::revoke),
      new StandardRoute("/realms/{realm}/oauth2/jwks", "jwks", Endpoints::jwks),
      new StandardRoute("/.well-known/oauth-authorization-server/realms/{realm}", "metadata", Endpoints::metadata),
      new StandardRoute("/realms/{realm}/.well-known/oauth-authorization-server", "metadata", Endpoints::metadata),
      new StandardRoute("/realms/{realm}/.well-known/openid-configuration", "metadata", Endpoints::metadata));

  /** {@link #ROUTES} bound to this engine, with the realm as the {@value #REALM} path parameter. */
  @Override
  public List<Route> routes() {
    return ROUTES.stream().map(r -> new Route(r.path(), in -> r.endpoint().apply(this, in))).toList();
  }
  @Override
  public WireResponse refuse(OAuthError error) {
    return ErrorResponse.render(error, "");
  }


  /** {@code POST /realms/{realm}/oauth2/token}, RFC 6749 section 3.2. */
  public WireResponse token(WireRequest in) {
    return post(in, realm -> switch (TokenRequest.parse(in)) {
      case Parsed.Bad<TokenRequest>(var error) -> ErrorResponse.render(error, realm.name().value());
      case Parsed.Ok<TokenRequest>(var req) -> authenticated(realm, req.client(), in.context(),
          caller -> withNonce(render(engine.token(command(realm, caller, req.grant(), req.resources(),
              dpop(in, realm)), in.context()), realm), in, realm));
    });
  }

  /** The DPoP header of a token request (RFC 9449 section 4.1), checked by core; empty when absent. */
  private Optional<DpopProof> dpop(WireRequest in, Realm realm) {
    int count = in.headers().count(DPOP);
    return count == 0 ? Optional.empty() : Optional.of(new DpopProof(in.header(DPOP).orElse(""), count,
        in.method(), engine.issuer(realm) + "/oauth2/token"));
  }

  /** RFC 9449 section 8: a fresh {@code DPoP-Nonce} on every answer to a DPoP request, when nonces are on. */
  private WireResponse withNonce(WireResponse r, WireRequest in, Realm realm) {
    if (in.headers().count(DPOP) == 0) {
      return r;
    }
    return engine.dpopNonce(realm).map(n -> r.withHeader("DPoP-Nonce", n)).orElse(r);
  }

  /** {@code POST /realms/{realm}/oauth2/introspect}, RFC 7662 section 2. */
  public WireResponse introspect(WireRequest in) {
    return formPost(in, (realm, req) -> req.param("token")
        .map(token -> authenticated(realm, req.client(), in.context(),
            caller -> IntrospectionResponse.render(engine.introspect(realm, caller, token), realm.name().value())))
        .orElseGet(() -> missing("token", realm)));
  }

  /** {@code POST /realms/{realm}/oauth2/revoke}, RFC 7009 section 2; {@code token_type_hint} is not needed. */
  public WireResponse revoke(WireRequest in) {
    return formPost(in, (realm, req) -> req.param("token")
        .map(token -> authenticated(realm, req.client(), in.context(),
            caller -> switch (engine.revoke(realm, caller, token, RevocationScope.TOKEN, in.context())) {
              // section 2.2: "The authorization server responds with HTTP status code 200 if the
              // token has been revoked successfully or if the client submitted an invalid token."
              case RevocationOutcome.Done d -> new WireResponse(200, Map.of("Cache-Control", "no-store"), null);
              case RevocationOutcome.Refused(var error) -> ErrorResponse.render(error, realm.name().value());
            }))
        .orElseGet(() -> missing("token", realm)));
  }

  /**
   * {@code GET /realms/{realm}/oauth2/jwks}, RFC 7517 section 5. SPEC 10: cached no longer than the
   * realm's {@code keyPublishSeconds} (core's {@code jwksMaxAgeSeconds}: half of it, at most 300 s),
   * so a resource server's copy has a new key before that key signs.
   */
  public WireResponse jwks(WireRequest in) {
    return get(in, realm -> new WireResponse(200, Map.of("Content-Type", "application/jwk-set+json",
        "Cache-Control", "public, max-age=" + realm.keyPolicy().jwksMaxAgeSeconds()),
        engine.jwks(realm).getBytes(StandardCharsets.UTF_8)));
  }

  /** The RFC 8414 metadata document, served at all three well-known locations. */
  public WireResponse metadata(WireRequest in) {
    return get(in, realm -> AuthorizationServerMetadata.render(engine.issuer(realm), engine.authMethodsSupported(),
        engine.dpopAlgorithms()));
  }

  /** The core command of a parsed grant: the wire request translated, nothing decided. */
  private static TokenCommand command(Realm realm, Caller caller, TokenRequest.Grant grant, List<String> resources,
      Optional<DpopProof> dpop) {
    return switch (grant) {
      case TokenRequest.ClientCredentialsGrant g -> new TokenCommand.ClientCredentials(realm, caller, g.scope(),
          resources, dpop);
      case TokenRequest.Password g -> new TokenCommand.Password(realm, caller,
          TokenCommand.UserCredentials.of(g.username(), g.password()), g.scope(), resources, dpop);
      case TokenRequest.AuthorizationCodeGrant g -> new TokenCommand.AuthorizationCode(realm, caller, g.code(),
          g.redirectUri(), g.codeVerifier(), dpop);
      case TokenRequest.Refresh g -> new TokenCommand.Refresh(realm, caller, g.refreshToken(), g.scope(),
          TokenCommand.Expectations.NONE, resources, dpop);
    };
  }

  private static WireResponse render(TokenOutcome outcome, Realm realm) {
    return switch (outcome) {
      case TokenOutcome.Issued(var tokens) -> TokenResponse.render(tokens);
      case TokenOutcome.Denied(var error) -> ErrorResponse.render(error, realm.name().value());
    };
  }

  private WireResponse authenticated(Realm realm, ClientCredentials credentials,
      RequestContext ctx, Function<Caller, WireResponse> then) {
    return switch (engine.authenticateClient(realm, credentials, ctx)) {
      case ClientAuthentication.Authenticated(var caller) -> then.apply(caller);
      case ClientAuthentication.Rejected(var error) -> ErrorResponse.render(error, realm.name().value());
    };
  }

  private WireResponse formPost(WireRequest in, BiFunction<Realm, FormRequest, WireResponse> then) {
    return post(in, realm -> switch (FormRequest.parse(in)) {
      case Parsed.Bad<FormRequest>(var error) -> ErrorResponse.render(error, realm.name().value());
      case Parsed.Ok<FormRequest>(var req) -> then.apply(realm, req);
    });
  }

  private WireResponse post(WireRequest in, Function<Realm, WireResponse> then) {
    if (!in.method().equals("POST")) {
      return ErrorResponse.methodNotAllowed(in.method(), "POST");
    }
    String name = in.pathParam(REALM);
    return engine.realm(name).map(then).orElseGet(() -> ErrorResponse.unknownRealm(name));
  }

  private WireResponse get(WireRequest in, Function<Realm, WireResponse> then) {
    if (!in.method().equals("GET") && !in.method().equals("HEAD")) {
      return ErrorResponse.methodNotAllowed(in.method(), "GET");
    }
    String name = in.pathParam(REALM);
    return engine.realm(name).map(then).orElseGet(() -> ErrorResponse.unknownRealm(name));
  }

  private static WireResponse missing(String param, Realm realm) {
    return ErrorResponse.render(OAuthError.invalidRequest("missing parameter '" + param + "'"),
        realm.name().value());
  }
}
