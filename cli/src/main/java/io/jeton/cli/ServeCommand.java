package io.jeton.cli;

import io.jeton.core.admin.RealmImport;
import io.jeton.core.keys.SignatureProvider;
import io.jeton.dialect.wire.DialectMount;
import io.jeton.server.HeapSettle;
import io.jeton.server.JetonServer;
import io.jeton.server.Logs;
import io.jeton.server.config.ConfigResult;
import io.jeton.server.config.LoadedConfig;
import io.jeton.server.config.ServerConfig;
import io.jeton.server.tls.DemoCertificate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/jeton serve}: loads the configuration, imports realms, and serves until stopped. */
@Command(name = "serve", sortOptions = false,
    description = "Start the token service (SPEC section 5). Every configuration key is also a flag below.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys and realms).")
  Path config;

  @Option(names = "--import", paramLabel = "FILE",
      description = "YAML file of realms to import at start; repeatable.")
  List<Path> imports = new ArrayList<>();

  @Option(names = "--check", description = "Start everything (database, migrations, imports, listener), "
      + "with --demo also ask for one client_credentials token over HTTP, then stop: a smoke test of the "
      + "configuration (and the launcher's training start). Exit status 0 when it worked.")
  boolean check;

  @Option(names = "--tls", description = "With --demo: HTTPS with a self-signed certificate generated into the "
      + "data directory (demo-tls.crt, demo-tls.key). Never in production: set tls.certFile and tls.keyFile.")
  boolean tls;

  @Override
  public Integer call() throws InterruptedException {
    ConfigResult result = ConfigFlags.load(Optional.ofNullable(config), ConfigFlags.given(spec), imports);
    if (result instanceof ConfigResult.Invalid(List<String> problems)) {
      ConfigFlags.report(problems, System.err);
      return ConfigFlags.INVALID;
    }
    LoadedConfig loaded = ((ConfigResult.Ok) result).config();
    Logs.apply(loaded.log());
    if (tls) {
      if (!loaded.server().demo()) {
        System.err.println("jeton: --tls generates a self-signed certificate for --demo only; for a real "
            + "deployment set tls.certFile and tls.keyFile (docs/tls.md)");
        return ConfigFlags.INVALID;
      }
      if (!loaded.server().tls().enabled()) {
        List<Path> pair;
        try {
          pair = DemoCertificate.ensure(loaded.server().dataDir());
        } catch (RuntimeException e) {
          System.err.println("jeton: cannot start: " + Main.describe(e));
          return 1;
        }
        ServerConfig.Tls t = loaded.server().tls();
        loaded = new LoadedConfig(loaded.server().withTls(new ServerConfig.Tls(Optional.of(pair.get(0)),
            Optional.of(pair.get(1)), t.clientAuth(), t.clientCaFile(), t.proxyCertHeader(), t.trustedProxies())),
            loaded.realms(), loaded.dialects(), loaded.log());
        System.err.println("WARNING: TLS with a SELF-SIGNED certificate generated for the demo: " + pair.get(0)
            + ". Clients must trust it explicitly (curl --cacert " + pair.get(0) + "); never use it in production.");
      }
    }
    List<RealmImport> realms = new ArrayList<>();
    Map<String, DialectMount> dialects = loaded.dialects();
    String demoSecret = null;
    if (loaded.server().demo()) {
      try {
        demoSecret = DemoRealm.secret(loaded.server().dataDir());
      } catch (RuntimeException e) {
        System.err.println("jeton: cannot start: " + Main.describe(e));
        return 1;
      }
      realms.add(DemoRealm.realm(demoSecret));
      dialects = DemoRealm.mounts(dialects);
    }
    realms.addAll(loaded.realms());
    AtomicReference<JetonServer> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      JetonServer s = running.get();
      if (s != null) {
        s.close();
      }
      stopped.countDown();
    }, "jeton-shutdown"));
    JetonServer server;
    try {
      server = JetonServer.start(loaded.server(), realms, dialects);
    } catch (RuntimeException e) {
      System.err.println("jeton: cannot start: " + Main.describe(e));
      return 1;
    }
    if (demoSecret != null) {
      DemoRealm.printBanner(System.out, server.publicUrl(), loaded.server().dataDir(), demoSecret, dialects);
    }
    if (check) {
      int status = demoSecret == null ? 200 : DemoRealm.firstToken(server.port(), demoSecret,
          loaded.server().tls().enabled() ? loaded.server().tls().certFile() : Optional.empty());
      server.close();
      if (status != 200) {
        System.err.println("jeton: started, but the demo client_credentials request answered " + status);
        return 1;
      }
      System.out.println("jeton: started and stopped cleanly (--check)");
      return 0;
    }
    running.set(server);
    // the start's garbage (realm import, Argon2 hashes, the native provider's loading, which the server
    // begins 2 s after it listens) is dead by now: one collection gives back the heap it grew
    HeapSettle.afterStart(SignatureProvider::awaitLoaded, System::gc);
    stopped.await();
    return 0;
  }
}
