package io.jeton.dialect.wire;

import io.jeton.core.ClientId;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.client.Client;
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

  /** Why a request has no realm or no client to be served for. */
  public enum Problem {
    /** The mount takes the realm from a header, and the request has none. */
    TENANT_HEADER_MISSING,
    /** The mount has neither a tenant header nor a realm. */
    NO_REALM_BOUND,
    /** The named realm does not exist. */
    UNKNOWN_TENANT,
    /** The mount names no client (AGS, Amino need one). */
    NO_CLIENT_CONFIGURED,
    /** The mount's client does not exist in the chosen realm. */
    CLIENT_NOT_IN_REALM
  }

  /** The realm and client a request is served for, or why not, with a message that says so. */
  public sealed interface Target<T> {
    record Found<T>(T value) implements Target<T> {}

    record Refused<T>(Problem problem, String message) implements Target<T> {}
  }

  /** The realm and the mount's client, for dialects that authenticate no client. */
  public record RealmClient(Realm realm, Client client) {}

  /** The realm of a request; {@code display} names the dialect in messages ("AGS"). */
  public Target<Realm> realmFor(WireRequest in, Engine engine, String display) {
    RealmChoice choice = chooseRealm(in, engine);
    if (choice.realm().isPresent()) {
      return new Target.Found<>(choice.realm().get());
    }
    return switch (choice.problem()) {
      case NONE_NAMED -> tenantHeader.isPresent()
          ? new Target.Refused<>(Problem.TENANT_HEADER_MISSING, "header '" + tenantHeader.get() + "' is required")
          : new Target.Refused<>(Problem.NO_REALM_BOUND, "the " + display + " dialect is bound to no realm");
      case UNKNOWN -> new Target.Refused<>(Problem.UNKNOWN_TENANT,
          "tenant '" + FormBody.clip(choice.named()) + "' does not exist");
    };
  }

  /** The realm of a request and the client this mount's sessions belong to. */
  public Target<RealmClient> realmAndClientFor(WireRequest in, Engine engine, String display) {
    Target<Realm> realm = realmFor(in, engine, display);
    if (!(realm instanceof Target.Found<Realm>(Realm r))) {
      Target.Refused<Realm> refused = (Target.Refused<Realm>) realm;
      return new Target.Refused<>(refused.problem(), refused.message());
    }
    if (client.isEmpty()) {
      return new Target.Refused<>(Problem.NO_CLIENT_CONFIGURED, "no client is configured for the " + display
          + " dialect (dialects." + name + ".client)");
    }
    return engine.client(r, client.get())
        .<Target<RealmClient>>map(c -> new Target.Found<>(new RealmClient(r, c)))
        .orElseGet(() -> new Target.Refused<>(Problem.CLIENT_NOT_IN_REALM, "client '" + client.get() + "' of the "
            + display + " dialect does not exist in realm '" + r.name() + "'"));
  }
}
