package io.jeton.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one dialect of SPEC section 3 is served (the {@code dialects:} section of SPEC section 5):
 * the realm it serves when no tenant header names one, the header that may name it, the client
 * its sessions belong to (AGS, Amino), its path prefix, and whether it is mounted at all.
 */
public record DialectMount(
    String dialect,
    Optional<String> realm,
    Optional<String> tenantHeader,
    Optional<String> client,
    Optional<String> prefix,
    boolean enabled) {
  public DialectMount {
    Objects.requireNonNull(dialect, "dialect");
    realm = realm == null ? Optional.empty() : realm;
    tenantHeader = tenantHeader == null ? Optional.empty() : tenantHeader;
    client = client == null ? Optional.empty() : client;
    prefix = prefix == null ? Optional.empty() : prefix;
  }
}
