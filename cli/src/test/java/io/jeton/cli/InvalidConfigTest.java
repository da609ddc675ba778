package io.jeton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvalidConfigTest {
  @TempDir Path dir;

  @Test
  void serve_invalidConfiguration_exitsTwoListingEveryProblem() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, String.join("\n",
        "port: 99999",
        "publicUrl: not a url",
        "colour: blue",
        "realms:",
        "  - name: acme",
        "    accessTokenTtl: -5",
        "    clients: [{id: app, grants: [telepathy]}]",
        ""));

    try (ChildJeton child = ChildJeton.start(Map.of("JETON_MASTER_KEY", "too-short", "JETON_DB_URL", "mysql://db"),
        "serve", "--config", config.toString(), "--db-pool-size", "0")) {
      assertThat(child.exitCode(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(child.output()).isEqualTo(String.join("\n",
          "jeton: invalid configuration, 9 problems:",
          "  - " + config + ": port: 99999 is out of range 0..65535",
          "  - " + config + ": publicUrl: 'not a url' is not a URL",
          "  - " + config + ": unknown key 'colour'",
          "  - " + config + ": realms[0] (acme).accessTokenTtl: -5 is out of range 1..315360000 (seconds)",
          "  - " + config + ": realms[0] (acme): realm 'acme': client 'app': unknown grant 'telepathy'",
          "  - " + config + ": realms[0] (acme): realm 'acme': client 'app': no secret; give one (it is hashed on"
              + " import), or set `public: true` for a public client",
          "  - JETON_DB_URL: 'mysql://db' is not a jdbc:h2: or jdbc:postgresql: URL",
          "  - JETON_MASTER_KEY: the master key is not valid base64",
          "  - --db-pool-size: 0 is out of range 1..1000",
          "See docs/configuration.md for every key."));
    }
  }

  @Test
  void serve_unknownFlag_exitsTwoWithOneLine() throws Exception {
    try (ChildJeton child = ChildJeton.start(Map.of(), "serve", "--prot", "8080")) {
      assertThat(child.exitCode(Duration.ofSeconds(30))).isEqualTo(2);
      // SPEC 11: bad arguments get one clear line (the usage is one --help away)
      assertThat(child.output()).isEqualTo("jeton: Unknown options: '--prot', '8080' (see: jeton serve --help)");
    }
  }
}
