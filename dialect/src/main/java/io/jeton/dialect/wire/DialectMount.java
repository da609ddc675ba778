package io.jeton.dialect.wire;

import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.realm.Realm;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and for whom a dialect is served (SPEC section 5, {@code dialects:}): on or off, under
 * which path prefix, for which realm when no tenant header names one, which request header may
 * name the realm, and, for dialects that authenticate no client (AGS, Amino), the client their
 * sessions belong to.
 *
 * @param prefix path prefix, {@code ""} or starting with '/' and not ending with one
 */
public record DialectMount(
    String name,
    boolean enabled,
    String prefix,
    Optional<RealmName> realm,
    Optional<String> tenantHeader,
    Optional<ClientId> client) {

  public DialectMount {
    Objects.requireNonNull(name, "name");
    prefix = prefix == null ? "" : prefix;
    if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
      throw new IllegalArgumentException("dialect '" + name + "': prefix must start with '/' and not end with one");
    }
    realm = realm == null ? Optional.empty() : realm;
    tenantHeader = tenantHeader == null ? Optional.empty() : tenantHeader.filter(h -> !h.isBlank());
    client = client == null ? Optional.empty() : client;
  }

  /** The default mount of each seed dialect: the seed's own paths, no realm bound. */
  public static DialectMount defaults(String name) {
    return switch (name) {
      case "c1" -> new DialectMount(name, true, "", Optional.empty(), Optional.empty(), Optional.empty());
      case "onesait" -> new DialectMount(name, true, "/oauth-server", Optional.empty(), Optional.empty(), Optional.empty());
      case "ags" -> new DialectMount(name, true, "/ags", Optional.empty(), Optional.of("nv-tenant-id"), Optional.empty());
      case "amino" -> new DialectMount(name, true, "/amino", Optional.empty(), Optional.empty(), Optional.empty());
      default -> throw new IllegalArgumentException("unknown dialect '" + name + "' (known: c1, onesait, ags, amino)");
    };
  }

  /** Why a realm could not be chosen for a request. */
  public enum RealmProblem {
    /** Neither the tenant header nor the mount names a realm. */
    NONE_NAMED,
    /** The named realm does not exist (or the name cannot be a realm). */
    UNKNOWN
  }

  /** The realm a request is for, or why there is none. */
  public record RealmChoice(Optional<Realm> realm, RealmProblem problem, String named) {}

  /**
   * The realm of a request: the one the tenant header names when the mount has a tenant header
   * and the request carries it, else the mount's realm.
   */
  public RealmChoice chooseRealm(WireRequest in, Engine engine) {
    Optional<String> named = tenantHeader.flatMap(in::header).filter(v -> !v.isBlank())
        .or(() -> realm.map(RealmName::value));
    if (named.isEmpty()) {
      return new RealmChoice(Optional.empty(), RealmProblem.NONE_NAMED, "");
    }
    Optional<Realm> r = engine.realm(named.get());
    return new RealmChoice(r, r.isPresent() ? null : RealmProblem.UNKNOWN, named.get());
  }
}
