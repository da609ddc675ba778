package io.jeton.dialect.c1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.JsonBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import java.util.List;
import java.util.Optional;

/**
 * The three C1 requests (seeds 000 and 001, SPEC 3.1): login and renew as JSON objects, validate
 * as a query parameter. Unknown JSON members are ignored; every refusal is {@code invalid_request},
 * which C1 renders as 400 "Invalid request".
 */
final class C1Requests {
  /** {@code POST /auth/login}: {@code {"username","password"}}. */
  record Login(String username, String password) {}

  /** {@code POST /auth/renew}: {@code {"refreshToken"}}. */
  record Renew(String refreshToken) {}

  private C1Requests() {}

  static Parsed<Login> login(WireRequest in) {
    return switch (object(in)) {
      case Parsed.Bad<ObjectNode>(var error) -> Parsed.bad(error);
      case Parsed.Ok<ObjectNode>(var body) -> switch (required(body, "username")) {
        case Parsed.Bad<String>(var error) -> Parsed.bad(error);
        case Parsed.Ok<String>(var username) -> switch (required(body, "password")) {
          case Parsed.Bad<String>(var error) -> Parsed.bad(error);
          case Parsed.Ok<String>(var password) -> Parsed.ok(new Login(username, password));
        };
      };
    };
  }

  static Parsed<Renew> renew(WireRequest in) {
    return switch (object(in)) {
      case Parsed.Bad<ObjectNode>(var error) -> Parsed.bad(error);
      case Parsed.Ok<ObjectNode>(var body) -> switch (required(body, "refreshToken")) {
        case Parsed.Bad<String>(var error) -> Parsed.bad(error);
        case Parsed.Ok<String>(var token) -> Parsed.ok(new Renew(token));
      };
    };
  }

  /** The one {@code accessToken} query parameter of {@code GET /auth/validate}. */
  static Parsed<String> accessToken(WireRequest in) {
    List<String> values = in.query().getOrDefault("accessToken", List.of());
    if (values.size() > 1) {
      return Parsed.bad(OAuthError.invalidRequest("parameter 'accessToken' is included more than once"));
    }
    if (values.isEmpty() || values.get(0).isEmpty()) {
      return Parsed.bad(OAuthError.invalidRequest("missing parameter 'accessToken'"));
    }
    if (values.get(0).length() > JsonBody.MAX_VALUE_LENGTH) {
      return Parsed.bad(OAuthError.invalidRequest("parameter 'accessToken' is longer than "
          + JsonBody.MAX_VALUE_LENGTH + " characters"));
    }
    return Parsed.ok(values.get(0));
  }

  private static Parsed<ObjectNode> object(WireRequest in) {
    Optional<OAuthError> badType = JsonBody.checkContentType(in.header("Content-Type"));
    return badType.<Parsed<ObjectNode>>map(Parsed::bad).orElseGet(() -> JsonBody.parseObject(in.body()));
  }

  /** A string member that must be present and not empty. */
  private static Parsed<String> required(ObjectNode body, String name) {
    return switch (JsonBody.optionalString(body, name)) {
      case Parsed.Bad<Optional<String>>(var error) -> Parsed.bad(error);
      case Parsed.Ok<Optional<String>>(var value) -> value.filter(v -> !v.isEmpty())
          .<Parsed<String>>map(Parsed::ok)
          .orElseGet(() -> Parsed.bad(OAuthError.invalidRequest("missing field '" + name + "'")));
    };
  }
}
