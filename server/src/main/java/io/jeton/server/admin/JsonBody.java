package io.jeton.server.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.JsonNode;
import io.jeton.dialect.wire.FormBody;
import io.jeton.dialect.wire.WireRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads an admin request body strictly (one rule for every route): {@code application/json} in
 * UTF-8, one JSON object of the route's record type, no unknown or repeated field, no type
 * coercion ({@code "5"} is not a number, {@code 1} not a string or boolean), nothing after it.
 * The body is already size-limited by the server. A refusal is a 400 problem naming the field.
 */
final class JsonBody {
  private static final ObjectMapper STRICT = strict();

  private JsonBody() {}

  /** The result of reading a body: the value, or the problem to answer. */
  sealed interface Parsed<T> {
    record Ok<T>(T value) implements Parsed<T> {}

    record Bad<T>(Problem problem) implements Parsed<T> {}
  }

  private static ObjectMapper strict() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build();
    ObjectMapper m = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
            DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
            DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
    for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer,
        LogicalType.Float, LogicalType.Collection, LogicalType.Map, LogicalType.POJO}) {
      m.coercionConfigFor(t)
          .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer ? CoercionAction.TryConvert
              : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert
              : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert
              : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, t == LogicalType.Textual ? CoercionAction.TryConvert
              : CoercionAction.Fail);
    }
    return m;
  }

  /** The media types of YAML bodies, which only an import file may be (YAML reads JSON too). */
  static final java.util.Set<String> YAML = java.util.Set.of("application/yaml", "application/x-yaml", "text/yaml");
  private static final ObjectMapper STRICT_YAML = new ObjectMapper(
      com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  /**
   * The body as a {@code type}, read from JSON or, where {@code yaml} allows it, from YAML (an
   * import file as {@code bin/jeton export} writes it); the same strict rules either way.
   */
  static <T> Parsed<T> parse(WireRequest in, Class<T> type, boolean yaml) {
    String media = in.header("Content-Type").orElse("").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!yaml || !YAML.contains(media)) {
      return parse(in, type);
    }
    if (in.body().length == 0) {
      return new Parsed.Bad<>(Problem.invalid("the request needs a YAML document as its body"));
    }
    JsonNode tree;
    try {
      tree = STRICT_YAML.readTree(in.body());
    } catch (IOException e) {
      String line = e instanceof JsonProcessingException j && j.getLocation() != null
          ? " (line " + j.getLocation().getLineNr() + ")" : "";
      return new Parsed.Bad<>(Problem.invalid("the body is not valid YAML" + line));
    }
    if (tree == null || !tree.isObject()) {
      return new Parsed.Bad<>(Problem.invalid("the body must be one YAML map"));
    }
    return read(() -> STRICT.treeToValue(tree, type), type);
  }

  /** The body as a {@code type}; a body is required. */
  static <T> Parsed<T> parse(WireRequest in, Class<T> type) {
    String contentType = in.header("Content-Type").orElse("");
    String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      return new Parsed.Bad<>(Problem.of(415, "unsupported_media_type", "Unsupported media type",
          contentType.isEmpty() ? "the body must be application/json; the request has no Content-Type"
              : "the body must be application/json, not '" + FormBody.clip(contentType) + "'"));
    }
    for (String param : contentType.split(";")) {
      String[] kv = param.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")
          && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
        return new Parsed.Bad<>(Problem.of(415, "unsupported_media_type", "Unsupported media type",
            "the body must be UTF-8, not charset '" + FormBody.clip(kv[1].trim()) + "'"));
      }
    }
    if (in.body().length == 0) {
      return new Parsed.Bad<>(Problem.invalid("the request needs a JSON object as its body"));
    }
    return read(() -> STRICT.readValue(in.body(), type), type);
  }

  private interface Read<T> {
    T read() throws IOException;
  }

  private static <T> Parsed<T> read(Read<T> reader, Class<T> type) {
    try {
      T value = reader.read();
      if (value == null) {
        return new Parsed.Bad<>(Problem.invalid("the body must be a JSON object, not null"));
      }
      return new Parsed.Ok<>(value);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf)
          .sorted().collect(Collectors.joining(", "));
      return new Parsed.Bad<>(Problem.invalid("unknown field '" + FormBody.clip(e.getPropertyName()) + "'"
          + (known.isEmpty() ? "" : " (known: " + known + ")")));
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      return new Parsed.Bad<>(Problem.invalid(cause instanceof IllegalArgumentException && cause.getMessage() != null
          ? cause.getMessage() : "the body is not a valid " + type.getSimpleName()));
    } catch (InvalidFormatException e) {
      return new Parsed.Bad<>(Problem.invalid(field(e) + "expected " + kind(e.getTargetType())));
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty()) {
        return new Parsed.Bad<>(Problem.invalid("the body must be one JSON object"));
      }
      return new Parsed.Bad<>(Problem.invalid(field(e) + "expected " + kind(e.getTargetType())));
    } catch (JsonMappingException e) {
      return new Parsed.Bad<>(Problem.invalid(field(e) + "not a valid value"));
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      return new Parsed.Bad<>(Problem.invalid("the body is not valid JSON"
          + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")));
    } catch (IOException e) {
      return new Parsed.Bad<>(Problem.invalid("the body could not be read"));
    }
  }

  /** "field 'a.b': " for the path of the failure, or empty at the top. */
  private static String field(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "" : "field '" + FormBody.clip(b.toString()) + "': ";
  }

  private static String kind(Class<?> t) {
    if (t == null) {
      return "a valid value";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
      return "an integer";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "an array";
    }
    if (java.util.Map.class.isAssignableFrom(t)) {
      return "an object";
    }
    if (t.isEnum()) {
      return "one of " + java.util.Arrays.toString(t.getEnumConstants());
    }
    return "an object";
  }
}
