package io.jeton.server.config;

import io.jeton.core.admin.RealmImport;
import io.jeton.dialect.wire.DialectMount;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid configuration: the server settings, the realms to import (from the config file's
 * {@code realms:} and from every import file, in order) and the dialect mounts the files name.
 */
public record LoadedConfig(ServerConfig server, List<RealmImport> realms, Map<String, DialectMount> dialects) {
  public LoadedConfig {
    Objects.requireNonNull(server, "server");
    realms = List.copyOf(realms);
    dialects = Map.copyOf(dialects);
  }
}
