package io.jeton.server.config;

import java.util.List;

/** The outcome of loading configuration: valid, or every problem found (STYLE.md section 7). */
public sealed interface ConfigResult {
  record Ok(LoadedConfig config) implements ConfigResult {}

  record Invalid(List<String> problems) implements ConfigResult {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }
}
