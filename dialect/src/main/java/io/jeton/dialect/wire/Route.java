package io.jeton.dialect.wire;

import java.util.Objects;
import java.util.function.Function;

/**
 * One endpoint of a dialect: the exact path relative to the dialect's mount prefix and its
 * handler. Seed dialect paths are matched exactly (no {@code {name}} segments); only the standard
 * endpoints, which the server registers with Helidon, use the {@code {realm}} path parameter. The
 * handler sees every method; it answers 405 itself for the ones it does not serve.
 */
public record Route(String path, Function<WireRequest, WireResponse> handler) {
  public Route {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/': " + path);
    }
  }
}
