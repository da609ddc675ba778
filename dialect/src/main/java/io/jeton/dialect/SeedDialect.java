package io.jeton.dialect;

import io.jeton.core.Engine;
import io.jeton.dialect.ags.AgsDialect;
import io.jeton.dialect.amino.AminoDialect;
import io.jeton.dialect.c1.C1Dialect;
import io.jeton.dialect.onesait.OnesaitDialect;
import io.jeton.dialect.wire.Dialect;
import io.jeton.dialect.wire.DialectMount;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The one registry of the seed dialects (SPEC section 3): each one's configuration name, default
 * mount (the seed's own paths), login path for the demo banner, whether it authenticates no client
 * (and so needs a client the realm names for it), and how to create it. Configuration, routing
 * and the demo all read this list; adding a dialect is adding a constant here.
 */
public enum SeedDialect {
  C1("", Optional.empty(), "/auth/login", false, C1Dialect::new),
  ONESAIT("/oauth-server", Optional.empty(), "/oauth/token", false, OnesaitDialect::new),
  AGS("/ags", Optional.of("nv-tenant-id"), "/signon", true, AgsDialect::new),
  AMINO("/amino", Optional.empty(), "/login", true, AminoDialect::new);

  private final String prefix;
  private final Optional<String> tenantHeader;
  private final String entryPath;
  private final boolean clientLess;
  private final BiFunction<Engine, DialectMount, Dialect> factory;

  SeedDialect(String prefix, Optional<String> tenantHeader, String entryPath, boolean clientLess,
      BiFunction<Engine, DialectMount, Dialect> factory) {
    this.prefix = prefix;
    this.tenantHeader = tenantHeader;
    this.entryPath = entryPath;
    this.clientLess = clientLess;
    this.factory = factory;
  }

  /** The configuration name ({@code dialects.<name>}, {@code realms[].dialects.<name>}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The default mount: the seed's own paths, no realm bound, no client. */
  public DialectMount defaultMount() {
    return new DialectMount(wireName(), true, prefix, Optional.empty(), tenantHeader, Optional.empty());
  }

  /** The path a user logs in at, under the mount's prefix (for the demo banner). */
  public String entryPath() {
    return entryPath;
  }

  /** Whether the dialect authenticates no client (AGS, Amino): a realm must name a client for it. */
  public boolean clientLess() {
    return clientLess;
  }

  public Dialect create(Engine engine, DialectMount mount) {
    return factory.apply(engine, mount);
  }

  public static Optional<SeedDialect> named(String name) {
    return Arrays.stream(values()).filter(d -> d.wireName().equals(name)).findFirst();
  }

  /** Every configuration name, in order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(SeedDialect::wireName).toList();
  }
}
