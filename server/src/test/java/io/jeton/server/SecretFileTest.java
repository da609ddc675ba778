package io.jeton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in the data directory (demo master key, client secret, demo TLS key) are readable by their owner only. */
class SecretFileTest {
  @TempDir Path dir;

  @Test
  void write_newSecret_isOwnerOnly() throws Exception {
    Path f = dir.resolve("sub/master.key");
    SecretFile.write(f, "s3cret");
    assertThat(Files.readString(f)).isEqualTo("s3cret\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
  }

  @Test
  void replace_existingWorldReadableFile_becomesOwnerOnlyWithTheNewContentAndLeavesNoTemporaryFile()
      throws Exception {
    Path f = dir.resolve("demo-tls.key");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

    SecretFile.replace(f, "-----BEGIN PRIVATE KEY-----\n");

    assertThat(Files.readString(f)).isEqualTo("-----BEGIN PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }
}
