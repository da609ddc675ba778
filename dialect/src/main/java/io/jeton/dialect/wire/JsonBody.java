package io.jeton.dialect.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeton.core.error.OAuthError;
import java.util.Locale;
import java.util.Optional;

/**
 * A strictly parsed JSON request body (RFC 8259): UTF-8 only (section 8.1), a single object at the
 * top, no repeated member names (section 4 leaves them unpredictable, so Jeton refuses them), no
 * trailing content and a shallow nesting depth. Refusals are {@code invalid_request} values whose
 * description says what is wrong; each dialect renders them in its own shape.
 */
public final class JsonBody {
  /** The longest string value a dialect accepts in a field, in characters. */
  public static final int MAX_VALUE_LENGTH = 4096;

  private static final int MAX_DEPTH = 16;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private JsonBody() {}

  /** Whether the content type is JSON ({@code application/json} or {@code application/*+json}). */
  public static boolean isJson(Optional<String> contentType) {
    if (contentType.isEmpty()) {
      return false;
    }
    String type = contentType.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
  }

  /**
   * Checks that the content type is JSON with no charset other than UTF-8 (RFC 8259 section 8.1:
   * JSON exchanged between systems "MUST be encoded using UTF-8").
   */
  public static Optional<OAuthError> checkContentType(Optional<String> contentType) {
    if (contentType.isEmpty()) {
      return Optional.of(OAuthError.invalidRequest("the body must be application/json (Content-Type is missing)"));
    }
    String[] parts = contentType.get().split(";", -1); // -1: ";" is [""], not an empty array
    if (!isJson(contentType)) {
      return Optional.of(OAuthError.invalidRequest("the body must be application/json, not '"
          + FormBody.clip(parts[0].trim()) + "'"));
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String cs = p.substring(eq + 1).trim().replace("\"", "").toLowerCase(Locale.ROOT);
        if (!cs.equals("utf-8") && !cs.equals("utf8")) {
          return Optional.of(OAuthError.invalidRequest("charset '" + FormBody.clip(cs) + "' is not supported; use UTF-8"));
        }
      }
    }
    return Optional.empty();
  }

  /** Parses the body as one JSON object. */
  public static Parsed<ObjectNode> parseObject(byte[] body) {
    if (body.length == 0) {
      return Parsed.bad(OAuthError.invalidRequest("the request body is empty; a JSON object is required"));
    }
    String text = FormBody.strictUtf8(body, 0, body.length);
    if (text == null) {
      return Parsed.bad(OAuthError.invalidRequest("the request body is not valid UTF-8"));
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return Parsed.bad(OAuthError.invalidRequest("the request body is not valid JSON"
          + (e.getMessage() != null && e.getMessage().startsWith("Duplicate field") ? " (a member is repeated)" : "")));
    }
    if (node == null || !node.isObject()) {
      return Parsed.bad(OAuthError.invalidRequest("the request body must be a JSON object"));
    }
    return Parsed.ok((ObjectNode) node);
  }

  /**
   * The string member {@code name} of {@code object}: empty when absent or {@code null}; refused
   * when it is not a string or is longer than {@link #MAX_VALUE_LENGTH}.
   */
  public static Parsed<Optional<String>> optionalString(JsonNode object, String name) {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      return Parsed.ok(Optional.empty());
    }
    if (!v.isTextual()) {
      return Parsed.bad(OAuthError.invalidRequest("'" + FormBody.clip(name) + "' must be a string"));
    }
    if (v.textValue().length() > MAX_VALUE_LENGTH) {
      return Parsed.bad(OAuthError.invalidRequest("'" + FormBody.clip(name) + "' is longer than "
          + MAX_VALUE_LENGTH + " characters"));
    }
    return Parsed.ok(Optional.of(v.textValue()));
  }
}
