package io.jeton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeton.core.crypto.MasterKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code log.format} and {@code log.access} load like every key: default, environment, flag, and a bad value refused. */
class LogSettingsTest {
  private static final String KEY = MasterKey.generate().toBase64();

  private static ConfigResult load(Map<String, String> env, Map<String, String> flags) {
    Map<String, String> withKey = new java.util.HashMap<>(env);
    withKey.put("JETON_MASTER_KEY", KEY);
    return ConfigLoader.load(Optional.empty(), withKey, flags, List.of());
  }

  private static LogSettings ok(ConfigResult r) {
    assertThat(r).isInstanceOf(ConfigResult.Ok.class);
    return ((ConfigResult.Ok) r).config().log();
  }

  @Test
  void nothingSet_textWithoutAccessLines() {
    assertThat(ok(load(Map.of(), Map.of()))).isEqualTo(new LogSettings(LogSettings.Format.TEXT, false));
  }

  @Test
  void environmentAndFlag_jsonWithAccessLines() {
    assertThat(ok(load(Map.of("JETON_LOG_FORMAT", "JSON"), Map.of("log.access", "true"))))
        .isEqualTo(new LogSettings(LogSettings.Format.JSON, true));
    assertThat(ok(load(Map.of("JETON_LOG_FORMAT", "json"), Map.of("log.format", "text"))).format())
        .as("the flag wins").isEqualTo(LogSettings.Format.TEXT);
  }

  @Test
  void unknownFormat_isAProblem() {
    ConfigResult r = load(Map.of("JETON_LOG_FORMAT", "xml"), Map.of());
    assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
    assertThat(((ConfigResult.Invalid) r).problems()).containsExactly("log.format: 'xml' is not text or json");
  }
}
