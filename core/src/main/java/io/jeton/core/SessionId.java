package io.jeton.core;

/** A session (one login) identifier: the {@code sid} claim of its access tokens. */
public record SessionId(String value) {
  public static final int MAX_LENGTH = 64;

  public SessionId {
    Ids.require(value, "SessionId", MAX_LENGTH);
  }

  public static SessionId of(String value) {
    return new SessionId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
