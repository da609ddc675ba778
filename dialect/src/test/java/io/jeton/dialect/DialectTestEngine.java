package io.jeton.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jeton.core.Engine;
import io.jeton.core.EngineSettings;
import io.jeton.core.RequestContext;
import io.jeton.core.admin.Directory;
import io.jeton.core.admin.RealmImport;
import io.jeton.core.crypto.MasterKey;
import io.jeton.core.realm.Realm;
import io.jeton.core.user.PasswordHasher;
import io.jeton.dialect.wire.WireHeaders;
import io.jeton.dialect.wire.WireRequest;
import io.jeton.dialect.wire.WireResponse;
import io.jeton.store.jdbc.JdbcStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real engine on a temp-dir H2 store for socket-free dialect tests: {@code try (var t =
 * DialectTestEngine.start()) { t.importRealm(...); ... }}. Cheap Argon2id parameters keep logins fast.
 */
public final class DialectTestEngine implements AutoCloseable {
  /** One shared mapper for reading response bodies in tests. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final JdbcStores stores;
  private final Engine engine;
  private final MasterKey masterKey;
  private final InstantSource clock;

  private DialectTestEngine(Path dir, JdbcStores stores, Engine engine, MasterKey masterKey, InstantSource clock) {
    this.dir = dir;
    this.stores = stores;
    this.engine = engine;
    this.masterKey = masterKey;
    this.clock = clock;
  }

  /** A fresh engine on a fresh H2 database in a new temp directory, on the system clock. */
  public static DialectTestEngine start() {
    return start(InstantSource.system());
  }

  /** The same on {@code clock} (a {@link TestClock} to test expiry without sleeping). */
  public static DialectTestEngine start(InstantSource clock) {
    return start(clock, EngineSettings.of("http://localhost:8080"));
  }

  /** The same with these engine settings (DPoP nonces on, say). */
  public static DialectTestEngine start(InstantSource clock, EngineSettings settings) {
    try {
      Path dir = Files.createTempDirectory("jeton-dialect-test");
      JdbcStores stores = JdbcStores.open("jdbc:h2:file:" + dir.resolve("db"), "", "", 4);
      MasterKey masterKey = MasterKey.generate();
      Engine engine = new Engine(settings, stores.stores(), masterKey,
          new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 2, 100), clock);
      return new DialectTestEngine(dir, stores, engine, masterKey, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clock that stands still until moved. */
  public static final class TestClock implements InstantSource {
    private volatile Instant now = Instant.now();

    @Override
    public Instant instant() {
      return now;
    }

    public void advance(Duration d) {
      now = now.plus(d);
    }
  }

  public Engine engine() {
    return engine;
  }

  /**
   * Another node on the same database and master key, with caches of its own: what a second
   * server behind the load balancer sees. The caller closes it.
   */
  public Engine secondNode() {
    return new Engine(EngineSettings.of("http://localhost:8080"), stores.stores(), masterKey,
        new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, 100), clock);
  }

  /** The stores under the engine, for tests that look behind it. */
  public io.jeton.core.Stores stores() {
    return stores.stores();
  }

  /** The store's database, to count rows in tests (the fuzz tests check that refusals write nothing). */
  public javax.sql.DataSource dataSource() {
    return stores.dataSource();
  }

  /** Imports the realm with its clients and users (passwords in clear) and returns the stored realm. */
  public Realm importRealm(RealmImport in) {
    new Directory(engine).apply(in);
    engine.invalidateDirectory();
    return engine.realm(in.realm().name()).orElseThrow();
  }

  /** A request with the method, headers (name, value, name, value...) and a UTF-8 body. */
  public static WireRequest request(String method, String body, String... headers) {
    return new WireRequest(method, Map.of(), WireHeaders.single(headers), Map.of(),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), RequestContext.of("test-corr"));
  }

  /** A request with a raw body. */
  public static WireRequest request(String method, byte[] body, String... headers) {
    return new WireRequest(method, Map.of(), WireHeaders.single(headers), Map.of(), body,
        RequestContext.of("test-corr"));
  }

  /** The response body as a JSON tree. */
  public static JsonNode json(WireResponse r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e);
    }
  }

  /** The field names of a JSON object, in order. */
  public static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Override
  public void close() {
    engine.close();
    stores.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
