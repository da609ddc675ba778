package io.jeton.dialect.ags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.error.OAuthError;
import io.jeton.dialect.wire.BearerToken;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.JsonBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the pieces of an AGS request (seed 003): the mandatory headers, the refresh token in
 * {@code Authorization} (raw or {@code Bearer}), and the {@code {"parameters":[{"name","value"}]}}
 * body. Every refusal says which header or member is wrong.
 */
final class AgsRequests {
  static final String AUTH_SERVICE_HEADER = "x-auth-service-id";
  static final int MAX_HEADER_LENGTH = 256;
  static final int MAX_PARAMETERS = 32;
  static final int MAX_NAME_LENGTH = 128;

  /** Why a header could not be used. */
  enum HeaderProblem { MISSING, INVALID }

  /** A header's value, or why not. */
  record Header(Optional<String> value, HeaderProblem problem, String message) {
    static Header ok(String v) {
      return new Header(Optional.of(v), null, "");
    }

    static Header bad(HeaderProblem p, String message) {
      return new Header(Optional.empty(), p, message);
    }
  }

  private AgsRequests() {}

  /** The mandatory {@code x-auth-service-id}: present once, not blank, at most 256 characters. */
  static Header authService(WireRequest in) {
    if (in.headers().count(AUTH_SERVICE_HEADER) > 1) {
      return Header.bad(HeaderProblem.INVALID, "header '" + AUTH_SERVICE_HEADER + "' appears more than once");
    }
    Optional<String> v = in.header(AUTH_SERVICE_HEADER).map(String::strip).filter(s -> !s.isEmpty());
    if (v.isEmpty()) {
      return Header.bad(HeaderProblem.MISSING, "header '" + AUTH_SERVICE_HEADER + "' is required");
    }
    if (v.get().length() > MAX_HEADER_LENGTH) {
      return Header.bad(HeaderProblem.INVALID, "header '" + AUTH_SERVICE_HEADER + "' is longer than "
          + MAX_HEADER_LENGTH + " characters");
    }
    return Header.ok(v.get());
  }

  /** The refresh token of {@code Authorization}: the raw token, or {@code Bearer <token>}. */
  static Header refreshToken(WireRequest in) {
    if (in.headers().count("Authorization") > 1) {
      return Header.bad(HeaderProblem.INVALID, "header 'Authorization' appears more than once");
    }
    Optional<String> v = in.header("Authorization").map(String::strip).filter(s -> !s.isEmpty());
    if (v.isEmpty()) {
      return Header.bad(HeaderProblem.MISSING, "header 'Authorization' with the refresh token is required");
    }
    String value = v.get();
    boolean bearer = value.regionMatches(true, 0, "Bearer", 0, 6)
        && (value.length() == 6 || Character.isWhitespace(value.charAt(6)));
    Optional<String> token = bearer ? BearerToken.parse(value) : BearerToken.token(value);
    return token.map(Header::ok).orElseGet(() -> Header.bad(HeaderProblem.INVALID,
        "header 'Authorization' must be the refresh token, or 'Bearer ' and the refresh token"));
  }

  /**
   * The {@code parameters} of a JSON body as a map: the member must be an array of objects, each
   * with a string {@code name} (1 to 128 characters, not repeated) and a string {@code value} (at
   * most {@link JsonBody#MAX_VALUE_LENGTH} characters), at most 32 of them. Other members are
   * ignored.
   */
  static Parsed<Map<String, String>> parameters(byte[] body) {
    return switch (JsonBody.parseObject(body)) {
      case Parsed.Bad<ObjectNode>(var error) -> Parsed.bad(error);
      case Parsed.Ok<ObjectNode>(var object) -> parameters(object);
    };
  }

  private static Parsed<Map<String, String>> parameters(ObjectNode object) {
    JsonNode list = object.get("parameters");
    if (list == null || list.isNull()) {
      return bad("member 'parameters' is required");
    }
    if (!list.isArray()) {
      return bad("member 'parameters' must be an array");
    }
    if (list.size() > MAX_PARAMETERS) {
      return bad("member 'parameters' has more than " + MAX_PARAMETERS + " entries");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode p = list.get(i);
      String at = "parameters[" + i + "]";
      if (!p.isObject()) {
        return bad(at + " must be an object with 'name' and 'value'");
      }
      JsonNode name = p.get("name");
      if (name == null || !name.isTextual() || name.textValue().isEmpty()
          || name.textValue().length() > MAX_NAME_LENGTH) {
        return bad(at + ".name must be a string of 1 to " + MAX_NAME_LENGTH + " characters");
      }
      JsonNode value = p.get("value");
      if (value == null || !value.isTextual()) {
        return bad(at + ".value must be a string");
      }
      if (value.textValue().length() > JsonBody.MAX_VALUE_LENGTH) {
        return bad(at + ".value is longer than " + JsonBody.MAX_VALUE_LENGTH + " characters");
      }
      if (values.putIfAbsent(name.textValue(), value.textValue()) != null) {
        return bad("parameter '" + FormBody.clip(name.textValue()) + "' appears more than once");
      }
    }
    return Parsed.ok(values);
  }

  private static <T> Parsed<T> bad(String description) {
    return Parsed.bad(OAuthError.invalidRequest(description));
  }
}
