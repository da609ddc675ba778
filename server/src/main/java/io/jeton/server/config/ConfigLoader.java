package io.jeton.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jeton.core.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the configuration once, in order: defaults, one YAML file, environment variables
 * ({@code JETON_*}, derived from each key), command-line flags; then reads every import file and
 * validates everything, reporting every problem at once (STYLE.md section 7). Import files named
 * anywhere ({@code imports:}, {@code JETON_IMPORTS}, {@code --import}) are all read, in that order.
 */
public final class ConfigLoader {
  /** {@code JETON_*} variables that belong to the {@code bin/jeton} launcher, not to the server. */
  public static final Set<String> LAUNCHER_ENV = Set.of("JETON_HOME", "JETON_JAVA", "JETON_JAVA_OPTS", "JETON_HEAP_OPTS");

  private static final String DEMO_FLAG_ONLY = "demo mode is turned on only by the --demo flag of serve "
      + "(an inherited variable or a shared file must never plant the demo realm and its demo/demo user)";

  /** Created on first use: without a file, start-up skips Jackson's initialisation. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(
        YAMLFactory.builder().build().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
  }

  private final List<String> problems = new ArrayList<>();
  private final Map<ConfigOption, Object> values = new LinkedHashMap<>();
  private final Set<ConfigOption> invalid = new HashSet<>();
  /** Options some source set, so that demo mode's loopback default yields to an explicit host. */
  private final Set<ConfigOption> explicit = new HashSet<>();
  private final List<Path> imports = new ArrayList<>();
  private final ImportReader reader = new ImportReader(problems);

  private ConfigLoader() {
    for (ConfigOption o : ServerOptions.ALL) {
      values.put(o, o.parse(o.defaultValue()));
    }
  }

  /**
   * Loads configuration from all sources.
   *
   * @param file the YAML file ({@code --config}), if any
   * @param env the environment ({@code System.getenv()})
   * @param flags raw values from command-line flags, by option key ({@code "db.url"})
   * @param cliImports import files from {@code --import}
   */
  public static ConfigResult load(Optional<Path> file, Map<String, String> env, Map<String, String> flags,
      List<Path> cliImports) {
    return new ConfigLoader().run(file, env, flags, cliImports);
  }

  /** Loads with the process environment and no flags. */
  public static ConfigResult load(Optional<Path> file) {
    return load(file, System.getenv(), Map.of(), List.of());
  }

  /** A staleness bound below two poll intervals would report a healthy node as not ready. */
  private void checkStaleness() {
    ConfigOption poll = ServerOptions.REVOCATION_POLL_MS;
    ConfigOption stale = ServerOptions.REVOCATION_MAX_STALENESS_MS;
    if (!invalid.contains(poll) && !invalid.contains(stale)
        && (Long) values.get(stale) < 2 * (Long) values.get(poll)) {
      problems.add(stale.key() + " (" + values.get(stale) + ") must be at least twice " + poll.key() + " ("
          + values.get(poll) + ")");
    }
  }

  private ConfigResult run(Optional<Path> file, Map<String, String> env, Map<String, String> flags,
      List<Path> cliImports) {
    if (file.isPresent()) {
      readYaml(file.get(), problems).ifPresent(root -> readServerKeys(root, file.get().toString()));
    }
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith("JETON_") && !LAUNCHER_ENV.contains(name)
          && ServerOptions.ALL.stream().noneMatch(o -> o.envName().equals(name))) {
        problems.add(name + ": unknown environment variable (known: see docs/configuration.md)");
      }
    }
    for (ConfigOption o : ServerOptions.ALL) {
      String raw = env.get(o.envName());
      if (raw != null) {
        set(o, raw, o.envName());
      }
    }
    for (Map.Entry<String, String> e : flags.entrySet()) {
      Optional<ConfigOption> o = ServerOptions.byKey(e.getKey());
      if (o.isEmpty()) {
        problems.add("unknown option key '" + e.getKey() + "'");
      } else {
        set(o.get(), e.getValue(), o.get().flag());
      }
    }
    imports.addAll(cliImports);
    values.put(ServerOptions.IMPORTS, List.copyOf(imports));

    checkMasterKey();
    checkStaleness();
    checkDemo();
    checkTls();
    checkAdminRealm();
    checkLog();
    for (Path p : imports) {
      readYaml(p, problems).ifPresent(root -> readImportFile(root, p.toString()));
    }
    if (!problems.isEmpty()) {
      return new ConfigResult.Invalid(problems);
    }
    try {
      return new ConfigResult.Ok(
          new LoadedConfig(ServerOptions.build(values), reader.realms(), reader.dialects(),
              ServerOptions.logSettings(values)));
    } catch (IllegalArgumentException e) {
      return new ConfigResult.Invalid(List.of(e.getMessage()));
    }
  }

  private void set(ConfigOption o, String raw, String source) {
    explicit.add(o);
    try {
      Object v = o.parse(raw);
      if (o == ServerOptions.DEMO && Boolean.TRUE.equals(v) && !source.equals(o.flag())) {
        invalid.add(o);
        problems.add(source + ": " + DEMO_FLAG_ONLY);
        return;
      }
      if (o == ServerOptions.IMPORTS) {
        @SuppressWarnings("unchecked")
        List<Path> more = (List<Path>) v;
        imports.addAll(more);
      } else {
        values.put(o, v);
      }
    } catch (IllegalArgumentException e) {
      invalid.add(o);
      problems.add(source + ": " + e.getMessage());
    }
  }

  private void readServerKeys(JsonNode root, String src) {
    if (root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      problems.add(src + ": expected a map of settings at the top, got " + ImportReader.typeName(root));
      return;
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      switch (e.getKey()) {
        case "realms" -> reader.readRealms(e.getValue(), src + ": realms");
        case "dialects" -> reader.readDialects(e.getValue(), src + ": dialects");
        default -> readKey(e.getKey(), e.getValue(), src);
      }
    }
  }

  private void readKey(String key, JsonNode node, String src) {
    Optional<ConfigOption> option = ServerOptions.byKey(key);
    if (option.isEmpty()) {
      boolean section = ServerOptions.ALL.stream().anyMatch(o -> o.key().startsWith(key + "."));
      if (section && node.isObject()) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          readKey(key + "." + e.getKey(), e.getValue(), src);
        }
      } else if (section) {
        problems.add(src + ": " + key + ": expected a map, got " + ImportReader.typeName(node));
      } else {
        problems.add(src + ": unknown key '" + key + "'");
      }
      return;
    }
    ConfigOption o = option.get();
    String where = src + ": " + key;
    if (node.isNull()) {
      return;
    }
    if (o.kind() == ConfigOption.Kind.PATH_LIST && node.isArray()) {
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          problems.add(where + ": expected a list of paths, got an item that is " + ImportReader.typeName(item));
        } else {
          set(o, item.asText(), where);
        }
      }
      return;
    }
    if (!node.isValueNode()) {
      invalid.add(o);
      problems.add(where + ": expected " + o.kind().label() + ", got " + ImportReader.typeName(node));
      return;
    }
    if (o.kind() == ConfigOption.Kind.BOOL && !node.isBoolean()) {
      invalid.add(o);
      problems.add(where + ": expected true or false, got '" + node.asText() + "'");
      return;
    }
    set(o, node.asText(), where);
  }

  private void readImportFile(JsonNode root, String src) {
    if (root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      problems.add(src + ": expected a map with 'realms' at the top, got " + ImportReader.typeName(root));
      return;
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      switch (e.getKey()) {
        case "realms" -> reader.readRealms(e.getValue(), src + ": realms");
        case "dialects" -> reader.readDialects(e.getValue(), src + ": dialects");
        default -> problems.add(
            src + ": unknown key '" + e.getKey() + "' (an import file has realms and dialects)");
      }
    }
  }

  /**
   * Demo mode (review H3, M4; SPEC section 7 "demo data never leaks into a real deployment"):
   * only on its own embedded database under {@code dataDir}, and on the loopback interface
   * unless a host is set explicitly.
   */
  private void checkDemo() {
    if (!(Boolean) values.get(ServerOptions.DEMO)) {
      return;
    }
    if (!((String) values.get(ServerOptions.DB_URL)).isBlank()) {
      problems.add("--demo runs only on its own embedded database under dataDir, but db.url is set: "
          + "unset JETON_DB_URL (and db.url) for a demo, or drop --demo");
    }
    if (!explicit.contains(ServerOptions.HOST)) {
      values.put(ServerOptions.HOST, ServerOptions.DEMO_HOST);
    }
  }

  /**
   * TLS settings that fit together (SPEC section 8): a certificate with its key, a known client
   * auth mode, CIDR blocks that parse, and a proxy header only with proxies to trust. The PEM files
   * themselves are read at start.
   */
  private void checkLog() {
    String format = (String) values.get(ServerOptions.LOG_FORMAT);
    if (LogSettings.Format.parse(format).isEmpty()) {
      problems.add("log.format: '" + format.trim() + "' is not text or json");
    }
  }

  private void checkTls() {
    boolean cert = values.get(ServerOptions.TLS_CERT_FILE) instanceof Path;
    boolean key = values.get(ServerOptions.TLS_KEY_FILE) instanceof Path;
    if (cert != key) {
      problems.add("tls.certFile and tls.keyFile go together: set both for HTTPS, or neither");
    }
    String mode = ((String) values.get(ServerOptions.TLS_CLIENT_AUTH)).trim().toLowerCase(java.util.Locale.ROOT);
    if (!List.of("none", "optional", "required").contains(mode)) {
      problems.add("tls.clientAuth: '" + mode + "' is not none, optional or required");
      values.put(ServerOptions.TLS_CLIENT_AUTH, "optional");
    }
    List<String> proxies = ServerOptions.cidrs((String) values.get(ServerOptions.TLS_TRUSTED_PROXIES));
    for (String c : proxies) {
      try {
        io.jeton.server.tls.Cidr.parse(c);
      } catch (IllegalArgumentException e) {
        problems.add("tls.trustedProxies: " + e.getMessage());
      }
    }
    String header = ((String) values.get(ServerOptions.TLS_PROXY_CERT_HEADER)).trim();
    if (!header.isEmpty() && !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      problems.add("tls.proxyCertHeader: '" + header + "' is not a header name");
    }
    if (!header.isEmpty() && proxies.isEmpty()) {
      problems.add("tls.proxyCertHeader is set but tls.trustedProxies is empty: the header would be honoured "
          + "from no one; list the proxies' addresses (CIDR)");
    }
  }

  /** The admin realm, when set, is a realm name (SPEC 11); whether it exists is known only at start. */
  private void checkAdminRealm() {
    String name = ((String) values.get(ServerOptions.ADMIN_REALM)).trim();
    if (!name.isEmpty()) {
      try {
        new io.jeton.core.RealmName(name);
      } catch (IllegalArgumentException e) {
        problems.add(ServerOptions.ADMIN_REALM.key() + ": " + e.getMessage());
        values.put(ServerOptions.ADMIN_REALM, "");
      }
    }
  }

  /** One usable master key source, unless demo mode generates one (a bad value was reported already). */
  private void checkMasterKey() {
    boolean inline = !((String) values.get(ServerOptions.MASTER_KEY)).isBlank();
    Object file = values.get(ServerOptions.MASTER_KEY_FILE);
    boolean demo = (Boolean) values.get(ServerOptions.DEMO);
    if (inline && file instanceof Path) {
      problems.add("masterKey and masterKeyFile are both set; set only one");
    } else if (file instanceof Path p) {
      try {
        MasterKey.fromBase64(Files.readString(p, StandardCharsets.UTF_8));
      } catch (IOException e) {
        problems.add("masterKeyFile: cannot read '" + p + "' (" + e.getClass().getSimpleName() + ")");
      } catch (IllegalArgumentException e) {
        problems.add("masterKeyFile: '" + p + "': " + e.getMessage());
      }
    } else if (!inline && !demo && !invalid.contains(ServerOptions.MASTER_KEY)
        && !invalid.contains(ServerOptions.MASTER_KEY_FILE) && !invalid.contains(ServerOptions.DEMO)) {
      problems.add("no master key: set JETON_MASTER_KEY to base64 of 32 random bytes (openssl rand -base64 32)"
          + " or JETON_MASTER_KEY_FILE to a file holding one, or run with --demo");
    }
  }

  private static Optional<JsonNode> readYaml(Path p, List<String> problems) {
    try {
      return Optional.of(Yaml.MAPPER.readTree(Files.readString(p, StandardCharsets.UTF_8)));
    } catch (JacksonException e) {
      problems.add(p + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(p + ": no such file");
    } catch (IOException e) {
      problems.add(p + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
    return Optional.empty();
  }
}
