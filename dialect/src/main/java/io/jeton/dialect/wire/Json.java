package io.jeton.dialect.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes small JSON bodies with Jackson's streaming generator: one shared, thread-safe factory,
 * no object tree and no reflection on the hot paths.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes the fields of one JSON object. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {}

  /** The bytes of {@code {...}} with the fields {@code fields} writes. */
  public static byte[] object(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
