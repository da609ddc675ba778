package io.jeton.dialect.wire;

import io.jeton.core.error.OAuthError;
import java.util.List;

/**
 * A wire API served from the core (SPEC section 3): it parses its requests into core commands and
 * renders the core's outcomes in its own format and error shape, and nothing else (STYLE.md 3).
 * The server mounts its routes under the mount's prefix.
 */
public interface Dialect {
  /** The dialect's name as in the {@code dialects:} configuration: c1, onesait, ags, amino. */
  String name();

  /** The routes, with paths relative to the mount prefix. */
  List<Route> routes();

  /**
   * A refusal made at the edge before any route ran (a body over the size limit, a body that
   * cannot be read, a malformed query string), rendered in this dialect's own error shape.
   */
  WireResponse refuse(OAuthError error);
}
