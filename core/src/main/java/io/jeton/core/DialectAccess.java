package io.jeton.core;

import java.util.Optional;

/**
 * Whether a realm is open to a dialect that authenticates no client (AGS, Amino), and as which
 * client (SPEC 3 intro, review CR1): the mount bound to the realm names the client for that
 * realm; any other realm must name its own ({@code realms[].dialects}), else it is unknown to the
 * dialect. Decided by {@link Engine#dialectAccess}, never by a dialect.
 */
public sealed interface DialectAccess {
  /** The realm hands {@code caller}'s client to the dialect. */
  record Granted(Caller.DialectClient caller) implements DialectAccess {}

  /** The realm is reached through a tenant header and names no client for the dialect: unknown to it. */
  record UnknownRealm(String message) implements DialectAccess {}

  /**
   * The realm is the mount's own, but no client is named for it, or the named client does not
   * exist; {@code realmOpen}: the mount's realm may still be served where no client is needed
   * (service discovery).
   */
  record NotConfigured(String message, boolean realmOpen) implements DialectAccess {}

  /**
   * How a dialect is mounted, as far as core needs it: its name, the realm it is bound to and the
   * client it names for that realm.
   */
  record Binding(String dialect, Optional<RealmName> realm, Optional<ClientId> client) {
    public Binding {
      realm = realm == null ? Optional.empty() : realm;
      client = client == null ? Optional.empty() : client;
    }
  }
}
