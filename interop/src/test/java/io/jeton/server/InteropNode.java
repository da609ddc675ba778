package io.jeton.server;

import io.jeton.server.config.LoadedConfig;
import java.time.InstantSource;

/**
 * Starts a real Jeton node from a loaded configuration on a clock the interop tests move. In
 * {@code io.jeton.server} (a test-only class in the server's package) because {@link
 * JetonServer}'s start with a clock is package-private: production code has no business moving
 * time, and the interop tests need it only to mint tokens that expired an hour ago, past every
 * resource server's default 60 s clock skew, without sleeping.
 */
public final class InteropNode {
  private InteropNode() {}

  public static JetonServer start(LoadedConfig config, InstantSource clock) {
    return JetonServer.start(config.server(), config.realms(), config.dialects(), JetonServer.HASH_QUEUE_WAIT, clock);
  }
}
