package io.jeton.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * A byte buffer that refuses to grow past its limit ({@link TooLarge}), so that an answer built in
 * memory, such as an export, stays bounded however much there is to write.
 */
final class BoundedOutput extends OutputStream {
  /** The limit was reached; nothing more was buffered. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super(null, null, false, false);
    }
  }

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
  private final long max;

  BoundedOutput(long max) {
    this.max = max;
  }

  @Override
  public void write(int b) {
    check(1);
    bytes.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    check(len);
    bytes.write(b, off, len);
  }

  private void check(int more) {
    if (bytes.size() + (long) more > max) {
      throw new TooLarge();
    }
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
