package io.jeton.core;

/** A user identifier, unique within its realm and stable across renames. */
public record UserId(String value) {
  public static final int MAX_LENGTH = 64;

  public UserId {
    Ids.require(value, "UserId", MAX_LENGTH);
  }

  public static UserId of(String value) {
    return new UserId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
