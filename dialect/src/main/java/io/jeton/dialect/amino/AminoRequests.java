package io.jeton.dialect.amino;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.JsonBody;
import io.jeton.dialect.wire.Parsed;
import io.jeton.dialect.wire.WireRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the string fields of an Amino request body, which may be JSON ({@code application/json}
 * or {@code application/vnd.api+json}) or a form ({@code application/x-www-form-urlencoded}).
 */
final class AminoRequests {
  private static final String FORM = "application/x-www-form-urlencoded";

  /** A body read into fields, or why it could not be. */
  sealed interface Body {
    /** The named fields that are present and not empty. */
    record Fields(Map<String, String> values) implements Body {
      Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
      }
    }

    /** The content type is neither JSON nor a form, or names a charset other than UTF-8. */
    record WrongMediaType(String detail) implements Body {}

    /** The body does not parse, or a field has the wrong type or is too long. */
    record Malformed(String detail) implements Body {}
  }

  private AminoRequests() {}

  /** Reads {@code names} from the body; fields not named are ignored. */
  static Body read(WireRequest in, List<String> names) {
    Optional<String> contentType = in.header("Content-Type");
    if (JsonBody.isJson(contentType)) {
      return readJson(in, names);
    }
    if (contentType.isPresent() && contentType.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(FORM)) {
      return readForm(in, names);
    }
    return new Body.WrongMediaType("the body must be application/json or " + FORM
        + contentType.map(c -> ", not '" + FormBody.clip(c.split(";", 2)[0].trim()) + "'")
            .orElse(" (Content-Type is missing)"));
  }

  private static Body readJson(WireRequest in, List<String> names) {
    var problem = JsonBody.checkContentType(in.header("Content-Type"));
    if (problem.isPresent()) {
      return new Body.WrongMediaType(problem.get().description());
    }
    return switch (JsonBody.parseObject(in.body())) {
      case Parsed.Bad<ObjectNode>(var error) -> new Body.Malformed(error.description());
      case Parsed.Ok<ObjectNode>(var object) -> {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
          Parsed<Optional<String>> value = JsonBody.optionalString(object, name);
          if (value instanceof Parsed.Bad<Optional<String>>(var error)) {
            yield new Body.Malformed(error.description());
          }
          ((Parsed.Ok<Optional<String>>) value).value().filter(v -> !v.isEmpty()).ifPresent(v -> values.put(name, v));
        }
        yield new Body.Fields(values);
      }
    };
  }

  private static Body readForm(WireRequest in, List<String> names) {
    var problem = FormBody.checkContentType(in.header("Content-Type"));
    if (problem.isPresent()) {
      return new Body.WrongMediaType(problem.get().description());
    }
    return switch (FormBody.parse(in.body())) {
      case Parsed.Bad<FormBody>(var error) -> new Body.Malformed(error.description());
      case Parsed.Ok<FormBody>(var form) -> {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
          Optional<String> value = form.get(name);
          if (value.isPresent() && value.get().length() > JsonBody.MAX_VALUE_LENGTH) {
            yield new Body.Malformed("'" + name + "' is longer than " + JsonBody.MAX_VALUE_LENGTH + " characters");
          }
          value.ifPresent(v -> values.put(name, v));
        }
        yield new Body.Fields(values);
      }
    };
  }
}
