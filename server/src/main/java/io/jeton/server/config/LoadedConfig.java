package io.jeton.server.config;

import io.jeton.core.admin.RealmImport;
import io.jeton.dialect.wire.DialectMount;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid configuration: the server settings, the realms to import (from the config file's
 * {@code realms:} and from every import file, in order), the dialect mounts the files name, and
 * the process's logging ({@code log.format}, {@code log.access}), which the launcher applies.
 */
public record LoadedConfig(ServerConfig server, List<RealmImport> realms, Map<String, DialectMount> dialects,
    LogSettings log) {
  public LoadedConfig {
    Objects.requireNonNull(server, "server");
    realms = List.copyOf(realms);
    dialects = Map.copyOf(dialects);
    log = log == null ? LogSettings.DEFAULTS : log;
  }

  /** With the default logging: text, no access lines. */
  public LoadedConfig(ServerConfig server, List<RealmImport> realms, Map<String, DialectMount> dialects) {
    this(server, realms, dialects, LogSettings.DEFAULTS);
  }
}
