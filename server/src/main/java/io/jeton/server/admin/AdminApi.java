package io.jeton.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.audit.AuditEvent;
import io.jeton.core.audit.AuditType;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The admin REST API (SPEC 11) under {@code /admin}: the route table, the rules every route shares
 * (an admin token, known query parameters only, a strict JSON body, problem details for every
 * error), and the operations, each a thin translation to core's admin operations. The OpenAPI
 * document {@code /admin/openapi.json} describes exactly {@link #ROUTES} (a test holds them together).
 */
public final class AdminApi {
  static final ObjectMapper OUT = new ObjectMapper();
  /** The route table: every route of the admin API, as the OpenAPI document lists them. */
  static final List<AdminRoute> ROUTES = List.of(
      new AdminRoute("GET", PathTemplate.of("/admin/openapi.json"), "getOpenApi", List.of(), false,
          AdminApi::openApi),
      AdminRoute.of("GET", "/admin/realms/{realm}/keys", "listKeys", AdminApi::listKeys),
      AdminRoute.of("POST", "/admin/realms/{realm}/keys/rotate", "rotateKeys", AdminApi::rotateKeys),
      AdminRoute.of("POST", "/admin/realms/{realm}/users/{username}/unlock", "unlockUser", AdminApi::unlockUser));

  /** One admin request on its way to an operation: the request, its path parameters, the caller. */
  record Call(WireRequest in, Map<String, String> params, Optional<AdminAuth.Admin> admin) {
    String param(String name) {
      return params.getOrDefault(name, "");
    }

    /** The single value of a query parameter, if given. */
    Optional<String> query(String name) {
      List<String> v = in.query().get(name);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
  }

  private final Engine engine;
  private final AdminAuth auth;
  private final Consumer<AuditEvent> audit;
  private final byte[] openApi;

  /**
   * @param adminRealm the realm whose {@code jeton:admin} tokens may call the API
   * @param audit where admin actions are recorded, at once (they are rare and must not be lost)
   */
  public AdminApi(Engine engine, RealmName adminRealm, Consumer<AuditEvent> audit) {
    this.engine = engine;
    this.auth = new AdminAuth(engine, adminRealm);
    this.audit = audit;
    this.openApi = openApiDocument();
  }

  /** The OpenAPI 3.1 document as served: the resource beside this class. */
  static byte[] openApiDocument() {
    try (InputStream in = AdminApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing beside " + AdminApi.class.getName());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The template of the route {@code rawPath} reaches (for metrics), or {@code "admin"} for none. */
  public static String routeName(String rawPath) {
    Optional<List<String>> segments = PathTemplate.decode(rawPath);
    if (segments.isPresent()) {
      for (AdminRoute r : ROUTES) {
        if (r.path().match(segments.get()).isPresent()) {
          return "admin " + r.path().template();
        }
      }
    }
    return "admin";
  }

  /** The answer to one request on {@code rawPath} under {@code /admin}. */
  public WireResponse respond(String rawPath, WireRequest in) {
    String cid = in.context().correlationId();
    Optional<List<String>> segments = PathTemplate.decode(rawPath);
    if (segments.isEmpty()) {
      return Problem.invalid("the path is malformed: a bad %-escape or bytes that are not UTF-8").render(cid);
    }
    List<String> allowed = new ArrayList<>(2);
    for (AdminRoute r : ROUTES) {
      Optional<Map<String, String>> params = r.path().match(segments.get());
      if (params.isEmpty()) {
        continue;
      }
      if (!r.method().equals(in.method())) {
        allowed.add(r.method());
        continue;
      }
      return call(r, params.get(), in).render(cid);
    }
    if (!allowed.isEmpty()) {
      String allow = String.join(", ", allowed);
      return Problem.of(405, "method_not_allowed", "Method not allowed", "method " + FormBody.clip(in.method())
          + " is not allowed here; use " + allow).render(cid).withHeader("Allow", allow);
    }
    return Problem.notFound("there is no admin API route at this path").render(cid);
  }

  private Rendered call(AdminRoute route, Map<String, String> params, WireRequest in) {
    Optional<AdminAuth.Admin> admin = Optional.empty();
    if (route.authenticated()) {
      switch (auth.check(in)) {
        case AdminAuth.Result.Allowed(var a) -> admin = Optional.of(a);
        case AdminAuth.Result.Refused(var problem) -> {
          return new Rendered.Fail(problem);
        }
      }
    }
    for (Map.Entry<String, List<String>> q : in.query().entrySet()) {
      if (!route.query().contains(q.getKey())) {
        return new Rendered.Fail(Problem.invalid("unknown query parameter '" + FormBody.clip(q.getKey()) + "'"
            + (route.query().isEmpty() ? ": this route takes none" : " (known: " + String.join(", ", route.query())
                + ")")));
      }
      if (q.getValue().size() > 1) {
        return new Rendered.Fail(Problem.invalid("query parameter '" + q.getKey() + "' is given more than once"));
      }
    }
    return switch (route.operation().apply(this, new Call(in, params, admin))) {
      case AdminRoute.Response.Json j -> new Rendered.Ok(j);
      case AdminRoute.Response.Failed f -> new Rendered.Fail(f.problem());
    };
  }

  private sealed interface Rendered {
    WireResponse render(String cid);

    record Ok(AdminRoute.Response.Json json) implements Rendered {
      @Override
      public WireResponse render(String cid) {
        Map<String, String> h = new LinkedHashMap<>(json.headers());
        byte[] body;
        if (json.body() instanceof byte[] raw) {
          body = raw;
        } else if (json.body() == null) {
          body = new byte[0];
        } else {
          h.putIfAbsent("Content-Type", "application/json");
          try {
            body = OUT.writeValueAsBytes(json.body());
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("an admin response could not be written as JSON", e);
          }
        }
        h.putIfAbsent("Cache-Control", "no-store");
        return new WireResponse(json.status(), Map.copyOf(h), body);
      }
    }

    record Fail(Problem problem) implements Rendered {
      @Override
      public WireResponse render(String cid) {
        return problem.render(cid);
      }
    }
  }

  // ---------------------------------------------------------------- responses

  static AdminRoute.Response ok(Object body) {
    return new AdminRoute.Response.Json(200, body, Map.of());
  }

  static AdminRoute.Response created(String location, Object body) {
    return new AdminRoute.Response.Json(201, body, Map.of("Location", location));
  }

  static AdminRoute.Response noContent() {
    return new AdminRoute.Response.Json(204, null, Map.of());
  }

  static AdminRoute.Response fail(Problem p) {
    return new AdminRoute.Response.Failed(p);
  }

  /** Records an admin action in the admin realm's audit log: who (the token's client and subject), what, where. */
  private void audited(Call c, String what) {
    AdminAuth.Admin a = c.admin().orElseThrow();
    audit.accept(new AuditEvent(a.realm().value(), engine.clock().instant(), AuditType.ADMIN_ACTION, a.clientId(),
        a.subject(), "", c.in().context().correlationId(), FormBody.clip(what), "", c.in().context().remoteAddress()));
  }

  /** A route that takes no body refuses one. */
  private static Optional<Problem> noBody(Call c) {
    return c.in().body().length == 0 ? Optional.empty()
        : Optional.of(Problem.invalid("this route takes no request body"));
  }

  // ---------------------------------------------------------------- operations

  private AdminRoute.Response openApi(Call c) {
    return new AdminRoute.Response.Json(200, openApi, Map.of("Content-Type", "application/json",
        "Cache-Control", "public, max-age=300"));
  }

  private Optional<io.jeton.core.realm.Realm> realm(Call c) {
    return engine.realm(c.param("realm"));
  }

  private static Problem unknownRealm(Call c) {
    return Problem.unknown("realm", "realm '" + FormBody.clip(c.param("realm")) + "' does not exist");
  }

  private AdminRoute.Response listKeys(Call c) {
    var realm = realm(c);
    if (realm.isEmpty()) {
      return fail(unknownRealm(c));
    }
    java.time.Instant now = engine.clock().instant();
    return ok(Map.of("items", engine.signingKeys(realm.get()).stream().map(k -> Views.key(k, now)).toList()));
  }

  /** Body of {@code POST .../keys/rotate}: {@code now} makes the new key sign at once (a compromised key). */
  record RotateKeys(Boolean now) {}

  private AdminRoute.Response rotateKeys(Call c) {
    boolean now = false;
    if (c.in().body().length > 0) {
      switch (JsonBody.parse(c.in(), RotateKeys.class)) {
        case JsonBody.Parsed.Ok<RotateKeys>(var body) -> now = Boolean.TRUE.equals(body.now());
        case JsonBody.Parsed.Bad<RotateKeys>(var problem) -> {
          return fail(problem);
        }
      }
    }
    var realm = realm(c);
    if (realm.isEmpty()) {
      return fail(unknownRealm(c));
    }
    var key = engine.rotateKeys(realm.get(), now);
    audited(c, "rotated the signing keys of realm '" + realm.get().name() + "'" + (now ? " (now)" : "")
        + ": new key '" + key.kid() + "'");
    return ok(Views.key(key, engine.clock().instant()));
  }

  private AdminRoute.Response unlockUser(Call c) {
    Optional<Problem> body = noBody(c);
    if (body.isPresent()) {
      return fail(body.get());
    }
    var realm = realm(c);
    if (realm.isEmpty()) {
      return fail(unknownRealm(c));
    }
    String username = c.param("username");
    return switch (engine.unlockUser(realm.get(), username)) {
      case NO_SUCH_USER -> fail(Problem.unknown("user", "no user '" + FormBody.clip(username) + "' in realm '"
          + realm.get().name() + "'"));
      case LIFTED -> {
        audited(c, "unlocked user '" + username + "' of realm '" + realm.get().name() + "'");
        yield ok(Map.of("unlocked", true));
      }
      case NOTHING_TO_LIFT -> ok(Map.of("unlocked", false));
    };
  }
}
