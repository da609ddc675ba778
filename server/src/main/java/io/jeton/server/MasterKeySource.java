package io.jeton.server;

import io.jeton.core.crypto.MasterKey;
import io.jeton.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master key that encrypts signing keys at rest: {@code JETON_MASTER_KEY}, else the
 * key file; in demo mode only, a key generated into {@code dataDir/master.key} with a loud warning.
 */
final class MasterKeySource {
  private static final Logger LOG = LoggerFactory.getLogger(MasterKeySource.class);
  static final String DEMO_FILE = "master.key";

  private MasterKeySource() {}

  static MasterKey resolve(ServerConfig config) {
    if (config.masterKey().isPresent()) {
      return MasterKey.fromBase64(config.masterKey().get());
    }
    if (config.masterKeyFile().isPresent()) {
      return read(config.masterKeyFile().get());
    }
    if (!config.demo()) {
      throw new IllegalStateException("no master key: set JETON_MASTER_KEY to the base64 of 32 random bytes "
          + "(e.g. `openssl rand -base64 32`) or point masterKeyFile at a file holding it; "
          + "only --demo generates one");
    }
    Path file = config.dataDir().resolve(DEMO_FILE);
    if (Files.exists(file)) {
      warn("DEMO MODE: using the generated master key in " + file.toAbsolutePath() + "; not for production");
      return read(file);
    }
    MasterKey key = MasterKey.generate();
    try {
      SecretFile.write(file, key.toBase64());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo master key to " + file, e);
    }
    warn("DEMO MODE: generated a new master key into " + file.toAbsolutePath()
        + "; anyone who reads it can decrypt the signing keys. Set JETON_MASTER_KEY in production.");
    return key;
  }

  private static MasterKey read(Path file) {
    try {
      return MasterKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the master key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void warn(String message) {
    String bar = "*".repeat(Math.min(100, message.length() + 4));
    System.err.println(bar + "\n* " + message + "\n" + bar);
    LOG.warn(message);
  }
}
