package io.jeton.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.admin.Admin;
import io.jeton.core.admin.AdminFailure;
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
 * The admin REST API (SPEC 11) under {@code /admin}: the route table, and the rules every route
 * shares: an admin token ({@link AdminAuth}), known query parameters only, a strict JSON body
 * ({@link JsonBody}), problem details for every error ({@link Problem}). The operations ({@link
 * RealmRoutes}, {@link ClientRoutes}, {@link UserRoutes}, {@link SessionRoutes}, {@link
 * TransferRoutes}) only translate between HTTP and core's {@link Admin}. The OpenAPI document
 * {@code /admin/openapi.json} describes exactly {@link #ROUTES}; a test holds the two together.
 */
public final class AdminApi {
  static final ObjectMapper OUT = new ObjectMapper();
  /** The page size of a listing when {@code limit} is not given, and the largest one. */
  static final int DEFAULT_LIMIT = Admin.DEFAULT_LIMIT;
  static final int MAX_LIMIT = Admin.MAX_LIMIT;

  /** Every route of the admin API, as the OpenAPI document lists them. */
  static final List<AdminRoute> ROUTES = List.of(
      new AdminRoute("GET", PathTemplate.of("/admin/openapi.json"), "getOpenApi", List.of(), Void.class, "document",
          false, AdminApi::openApi),
      AdminRoute.of("GET", "/admin/realms", "listRealms", "realm", (a, c) -> a.realms.list(c), "limit", "after"),
      AdminRoute.withBody("POST", "/admin/realms", "createRealm", "realm", RealmRoutes.Create.class,
          (a, c) -> a.realms.create(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}", "getRealm", "realm", (a, c) -> a.realms.show(c)),
      AdminRoute.of("DELETE", "/admin/realms/{realm}", "deleteRealm", "realm", (a, c) -> a.realms.delete(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}/clients", "listClients", "client", (a, c) -> a.clients.list(c),
          "limit", "after"),
      AdminRoute.withBody("POST", "/admin/realms/{realm}/clients", "createClient", "client",
          ClientRoutes.Create.class, (a, c) -> a.clients.create(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}/clients/{clientId}", "getClient", "client",
          (a, c) -> a.clients.show(c)),
      AdminRoute.of("DELETE", "/admin/realms/{realm}/clients/{clientId}", "deleteClient", "client",
          (a, c) -> a.clients.delete(c)),
      AdminRoute.of("POST", "/admin/realms/{realm}/clients/{clientId}/rotate-secret", "rotateClientSecret", "client",
          (a, c) -> a.clients.rotateSecret(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}/users", "listUsers", "user", (a, c) -> a.users.list(c),
          "limit", "after"),
      AdminRoute.withBody("POST", "/admin/realms/{realm}/users", "createUser", "user", UserRoutes.Create.class,
          (a, c) -> a.users.create(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}/users/{username}", "getUser", "user", (a, c) -> a.users.show(c)),
      AdminRoute.of("DELETE", "/admin/realms/{realm}/users/{username}", "deleteUser", "user",
          (a, c) -> a.users.delete(c)),
      AdminRoute.withBody("PUT", "/admin/realms/{realm}/users/{username}/password", "setUserPassword", "user",
          UserRoutes.Password.class, (a, c) -> a.users.setPassword(c)),
      AdminRoute.of("POST", "/admin/realms/{realm}/users/{username}/unlock", "unlockUser", "user",
          (a, c) -> a.users.unlock(c)),
      AdminRoute.of("DELETE", "/admin/realms/{realm}/users/{username}/sessions", "revokeUserSessions", "user",
          (a, c) -> a.sessions.revokeOfUser(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}/sessions", "listSessions", "user", (a, c) -> a.sessions.list(c),
          "user", "limit"),
      AdminRoute.of("DELETE", "/admin/realms/{realm}/sessions/{sessionId}", "revokeSession", "session",
          (a, c) -> a.sessions.revoke(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}/keys", "listKeys", "realm", (a, c) -> a.sessions.keys(c)),
      AdminRoute.withBody("POST", "/admin/realms/{realm}/keys/rotate", "rotateKeys", "realm",
          SessionRoutes.RotateKeys.class, (a, c) -> a.sessions.rotateKeys(c)),
      AdminRoute.of("GET", "/admin/realms/{realm}/audit", "listAuditEvents", "realm", (a, c) -> a.sessions.audit(c),
          "type", "since", "limit"),
      AdminRoute.of("GET", "/admin/export", "exportRealms", "realm", (a, c) -> a.transfer.export(c), "realm"),
      AdminRoute.withBody("POST", "/admin/import", "importRealms", "realm", TransferRoutes.ImportFile.class,
          (a, c) -> a.transfer.importRealms(c)));

  /** One admin request on its way to an operation: the request, its route, path parameters and caller. */
  final class Call {
    final WireRequest in;
    final AdminRoute route;
    private final Map<String, String> params;
    private final Optional<AdminAuth.Admin> admin;

    private Call(WireRequest in, AdminRoute route, Map<String, String> params, Optional<AdminAuth.Admin> admin) {
      this.in = in;
      this.route = route;
      this.params = params;
      this.admin = admin;
    }

    String param(String name) {
      return params.getOrDefault(name, "");
    }

    /** The single value of a query parameter, if given (repeats were refused before). */
    Optional<String> query(String name) {
      List<String> v = in.query().get(name);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The {@code realm} path segment, of a realm that exists; else a 404 {@code unknown_realm}. */
    String realm() {
      return existingRealm(param("realm"));
    }

    /** {@code name} when a realm of that name exists; a 404 {@code unknown_realm} otherwise. */
    String existingRealm(String name) {
      return AdminApi.this.existingRealm(name);
    }

    /** The {@code limit} query parameter: 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent. */
    int limit() {
      Optional<String> raw = query("limit");
      if (raw.isEmpty()) {
        return DEFAULT_LIMIT;
      }
      try {
        int n = Integer.parseInt(raw.get());
        if (n >= 1 && n <= MAX_LIMIT) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new Refusal(Problem.invalid("query parameter 'limit' must be an integer from 1 to " + MAX_LIMIT
          + ", got '" + FormBody.clip(raw.get()) + "'"));
    }

    /** The body as the route's record ({@link JsonBody}); a refused body is a 400 or 415. */
    <T> T body(Class<T> type) {
      return switch (JsonBody.parse(in, type)) {
        case JsonBody.Parsed.Ok<T>(var value) -> value;
        case JsonBody.Parsed.Bad<T>(var problem) -> throw new Refusal(problem);
      };
    }

    /** The body as the route's record, from JSON or YAML. */
    <T> T bodyOrYaml(Class<T> type) {
      return switch (JsonBody.parse(in, type, true)) {
        case JsonBody.Parsed.Ok<T>(var value) -> value;
        case JsonBody.Parsed.Bad<T>(var problem) -> throw new Refusal(problem);
      };
    }

    /** The body as the route's record, or {@code empty} for an empty body. */
    <T> T optionalBody(Class<T> type, T empty) {
      return in.body().length == 0 ? empty : body(type);
    }

    /** Records this admin action in the admin realm's audit log: who (the token's client and subject), what. */
    void audited(String what) {
      AdminAuth.Admin a = admin.orElseThrow();
      audit.accept(new AuditEvent(a.realm().value(), engine.clock().instant(), AuditType.ADMIN_ACTION, a.clientId(),
          a.subject(), "", in.context().correlationId(), in.method() + " " + route.path().template() + ": " + what, "",
          in.context().remoteAddress()));
    }
  }

  private final Engine engine;
  private final AdminAuth auth;
  private final Consumer<AuditEvent> audit;
  private final byte[] openApi;
  final Admin admin;
  private final RealmRoutes realms;
  private final ClientRoutes clients;
  private final UserRoutes users;
  private final SessionRoutes sessions;
  private final TransferRoutes transfer;

  /**
   * @param adminRealm the realm whose {@code jeton:admin} tokens may call the API
   * @param audit where admin actions are recorded, at once (they are rare and must not be lost)
   */
  public AdminApi(Engine engine, RealmName adminRealm, Consumer<AuditEvent> audit) {
    this.engine = engine;
    this.auth = new AdminAuth(engine, adminRealm);
    this.audit = audit;
    this.openApi = openApiDocument();
    this.admin = engine.admin();
    this.realms = new RealmRoutes(admin, engine);
    this.clients = new ClientRoutes(admin);
    this.users = new UserRoutes(admin);
    this.sessions = new SessionRoutes(admin, engine.clock());
    this.transfer = new TransferRoutes(admin, TransferRoutes.MAX_EXPORT_BYTES);
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
      try {
        return render(call(r, params.get(), in));
      } catch (Refusal e) {
        return e.problem().render(cid);
      } catch (AdminFailure.Unknown e) {
        return Problem.unknown(r.subject(), e.getMessage()).render(cid);
      } catch (AdminFailure.Duplicate e) {
        return Problem.duplicate(r.subject(), e.getMessage()).render(cid);
      } catch (AdminFailure.Invalid e) {
        return Problem.invalid(e.getMessage()).render(cid);
      }
    }
    if (!allowed.isEmpty()) {
      String allow = String.join(", ", allowed);
      return Problem.of(405, "method_not_allowed", "Method not allowed", "method " + FormBody.clip(in.method())
          + " is not allowed here; use " + allow).render(cid).withHeader("Allow", allow);
    }
    return Problem.notFound("there is no admin API route at this path").render(cid);
  }

  private AdminRoute.Response call(AdminRoute route, Map<String, String> params, WireRequest in) {
    Optional<AdminAuth.Admin> caller = Optional.empty();
    if (route.authenticated()) {
      switch (auth.check(in)) {
        case AdminAuth.Result.Allowed(var a) -> caller = Optional.of(a);
        case AdminAuth.Result.Refused(var problem) -> throw new Refusal(problem);
      }
    }
    for (Map.Entry<String, List<String>> q : in.query().entrySet()) {
      if (!route.query().contains(q.getKey())) {
        throw new Refusal(Problem.invalid("unknown query parameter '" + FormBody.clip(q.getKey()) + "'"
            + (route.query().isEmpty() ? ": this route takes none"
                : " (known: " + String.join(", ", route.query()) + ")")));
      }
      if (q.getValue().size() > 1) {
        throw new Refusal(Problem.invalid("query parameter '" + q.getKey() + "' is given more than once"));
      }
    }
    if (route.body() == Void.class && in.body().length > 0) {
      throw new Refusal(Problem.invalid("this route takes no request body"));
    }
    return route.operation().apply(this, new Call(in, route, params, caller));
  }

  private static WireResponse render(AdminRoute.Response r) {
    Map<String, String> h = new LinkedHashMap<>(r.headers());
    byte[] body;
    if (r.body() instanceof byte[] raw) {
      body = raw;
    } else if (r.body() == null) {
      body = new byte[0];
    } else {
      h.putIfAbsent("Content-Type", "application/json");
      try {
        body = OUT.writeValueAsBytes(r.body());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("an admin response could not be written as JSON", e);
      }
    }
    h.putIfAbsent("Cache-Control", "no-store");
    return new WireResponse(r.status(), Map.copyOf(h), body);
  }

  /** The realm's name when it exists; a 404 {@code unknown_realm} otherwise (a name that cannot be one included). */
  String existingRealm(String name) {
    try {
      new RealmName(name);
      admin.realm(name);
      return name;
    } catch (IllegalArgumentException | AdminFailure.Unknown | AdminFailure.Invalid e) {
      throw new Refusal(Problem.unknown("realm", "no realm '" + FormBody.clip(name) + "'"));
    }
  }

  // ---------------------------------------------------------------- responses

  static AdminRoute.Response ok(Object body) {
    return new AdminRoute.Response(200, body, Map.of());
  }

  static AdminRoute.Response created(String location, Object body) {
    return new AdminRoute.Response(201, body, Map.of("Location", location));
  }

  static AdminRoute.Response noContent() {
    return new AdminRoute.Response(204, null, Map.of());
  }

  /** The %-encoded form of one path segment, for Location headers. */
  static String segment(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private AdminRoute.Response openApi(Call c) {
    return new AdminRoute.Response(200, openApi, Map.of("Content-Type", "application/json",
        "Cache-Control", "public, max-age=300"));
  }
}
