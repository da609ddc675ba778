package io.jeton.dialect.wire;

import io.jeton.core.Caller;
import io.jeton.core.ClientId;
import io.jeton.core.DialectAccess;
import io.jeton.core.Engine;
import io.jeton.core.RealmName;
import io.jeton.core.realm.Realm;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and for whom a dialect is served (SPEC section 5, {@code dialects:}): on or off, under
 * which path prefix, for which realm when no tenant header names one, which request header may
 * name the realm, and, for dialects that authenticate no client (AGS, Amino), the client their
 * sessions belong to in the mount's realm (any other realm names its own: {@link
 * io.jeton.core.Engine#dialectAccess}).
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

  /** Why a realm could not be chosen for a request. */
  public enum RealmProblem {
    /** Neither the tenant header nor the mount names a realm. */
    NONE_NAMED,
    /** The tenant header is sent more than once (review L7: a proxy's appended value must not confuse). */
    DUPLICATE_HEADER,
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
    if (tenantHeader.isPresent() && in.headers().count(tenantHeader.get()) > 1) {
      return new RealmChoice(Optional.empty(), RealmProblem.DUPLICATE_HEADER, "");
    }
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
    /** The request sends the tenant header more than once. */
    TENANT_HEADER_DUPLICATE,
    /** The mount has neither a tenant header nor a realm. */
    NO_REALM_BOUND,
    /** The named realm does not exist. */
    UNKNOWN_TENANT,
    /** No client is named for the mount's realm (AGS, Amino need one), or it does not exist. */
    NO_CLIENT_CONFIGURED
  }

  /** The realm and client a request is served for, or why not, with a message that says so. */
  public sealed interface Target<T> {
    record Found<T>(T value) implements Target<T> {}

    record Refused<T>(Problem problem, String message) implements Target<T> {}
  }

  /** The realm and the caller a dialect that authenticates no client acts as there. */
  public record RealmCaller(Realm realm, Caller.DialectClient caller) {}

  /** What core needs to know of this mount to decide which client a client-less dialect acts as. */
  public DialectAccess.Binding binding() {
    return new DialectAccess.Binding(name, realm, client);
  }

  /**
   * The realm of a request, for a route that acts as no client (AGS service discovery, Amino
   * {@code DELETE /session}): a realm reached through the tenant header must still be open to
   * this dialect (it names a client for it), else it is unknown; {@code display} names the
   * dialect in messages ("AGS").
   */
  public Target<Realm> realmFor(WireRequest in, Engine engine, String display) {
    Target<Realm> realm = anyRealmFor(in, engine, display);
    if (realm instanceof Target.Found<Realm>(Realm r)
        && engine.dialectAccess(r, binding()) instanceof DialectAccess.UnknownRealm(var message)) {
      return new Target.Refused<>(Problem.UNKNOWN_TENANT, message);
    }
    return realm;
  }

  private Target<Realm> anyRealmFor(WireRequest in, Engine engine, String display) {
    RealmChoice choice = chooseRealm(in, engine);
    if (choice.realm().isPresent()) {
      return new Target.Found<>(choice.realm().get());
    }
    return switch (choice.problem()) {
      case NONE_NAMED -> tenantHeader.isPresent()
          ? new Target.Refused<>(Problem.TENANT_HEADER_MISSING, "header '" + tenantHeader.get() + "' is required")
          : new Target.Refused<>(Problem.NO_REALM_BOUND, "the " + display + " dialect is bound to no realm");
      case DUPLICATE_HEADER -> new Target.Refused<>(Problem.TENANT_HEADER_DUPLICATE,
          "header '" + tenantHeader.orElse("") + "' must be sent once");
      case UNKNOWN -> new Target.Refused<>(Problem.UNKNOWN_TENANT,
          "tenant '" + FormBody.clip(choice.named()) + "' does not exist");
    };
  }

  /** The realm of a request and the caller this dialect acts as there, as core decides it. */
  public Target<RealmCaller> realmAndCallerFor(WireRequest in, Engine engine, String display) {
    Target<Realm> realm = anyRealmFor(in, engine, display);
    if (!(realm instanceof Target.Found<Realm>(Realm r))) {
      Target.Refused<Realm> refused = (Target.Refused<Realm>) realm;
      return new Target.Refused<>(refused.problem(), refused.message());
    }
    return switch (engine.dialectAccess(r, binding())) {
      case DialectAccess.Granted(var caller) -> new Target.Found<>(new RealmCaller(r, caller));
      case DialectAccess.UnknownRealm(var message) -> new Target.Refused<>(Problem.UNKNOWN_TENANT, message);
      case DialectAccess.NotConfigured(var message, var open) -> new Target.Refused<>(Problem.NO_CLIENT_CONFIGURED,
          message);
    };
  }
}
