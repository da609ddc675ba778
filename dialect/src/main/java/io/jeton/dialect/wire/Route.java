package io.jeton.dialect.wire;

import java.util.Objects;
import java.util.function.Function;

/**
 * One endpoint of a dialect: the path relative to the dialect's mount prefix (Helidon-style
 * {@code {name}} segments allowed) and its handler. The handler sees every method; it answers 405
 * itself for the ones it does not serve.
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
