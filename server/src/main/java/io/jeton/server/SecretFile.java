package io.jeton.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A secret kept in a file of the data directory (the demo master key, the demo client secret):
 * created readable by its owner only, so it is never world-readable, not even for a moment.
 */
public final class SecretFile {
  private SecretFile() {}

  /** Creates {@code file} (and its directory) holding {@code secret} and a newline. */
  public static void write(Path file, String secret) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file gets the directory's default permissions
      Files.createFile(file);
    }
    Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
  }

  /**
   * Replaces {@code file} with {@code content} (written as is), owner-readable only: written to a
   * fresh owner-only file beside it, then moved over it, so no reader ever sees a partial or
   * world-readable secret.
   */
  public static void replace(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp"); // not a POSIX file system
    }
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
