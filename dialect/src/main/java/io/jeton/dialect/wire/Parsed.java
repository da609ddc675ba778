package io.jeton.dialect.wire;

import io.jeton.core.error.OAuthError;

/** The result of parsing a piece of a wire request: the value, or the refusal to send back. */
public sealed interface Parsed<T> {
  record Ok<T>(T value) implements Parsed<T> {}

  record Bad<T>(OAuthError error) implements Parsed<T> {}

  static <T> Parsed<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Parsed<T> bad(OAuthError error) {
    return new Bad<>(error);
  }
}
